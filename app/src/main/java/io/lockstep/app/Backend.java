package io.lockstep.app;

import io.lockstep.views.lab.LabControl;
import java.net.URI;
import java.util.Optional;

/** Where the console's service is: an embedded lab it owns, or a remote one. Thread-safe. */
interface Backend extends AutoCloseable {

    URI uri();

    String token();

    /** "embedded lab" or "remote service". */
    String mode();

    Optional<LabControl> labControl();

    @Override
    void close();

    /** Every node the console may use, in order (one for the embedded lab). */
    default java.util.List<URI> endpoints() {
        return java.util.List.of(uri());
    }

    default io.lockstep.client.Trust trust() {
        return io.lockstep.client.Trust.system();
    }

    default boolean readOnly() {
        return false;
    }

    /** The console's window is up: work the first screen did not wait for may begin. */
    default void windowShown() {
    }

    /**
     * A service someone else runs.
     *
     * @param profile the saved profile's name, or null for a bare --connect
     */
    record Remote(java.util.List<URI> endpoints, String token, io.lockstep.client.Trust trust, boolean readOnly,
                  String profile) implements Backend {
        @Override
        public URI uri() {
            return endpoints.get(0);
        }

        @Override
        public String mode() {
            return (profile == null ? "remote service" : "profile " + profile) + (readOnly ? " · READ-ONLY" : "");
        }

        @Override
        public Optional<LabControl> labControl() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
