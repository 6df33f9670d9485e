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

    /** A service someone else runs. */
    record Remote(URI uri, String token) implements Backend {
        @Override
        public String mode() {
            return "remote service";
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
