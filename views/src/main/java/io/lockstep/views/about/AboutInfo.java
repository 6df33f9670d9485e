package io.lockstep.views.about;

import io.lockstep.api.auth.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the About dialog says: the console's version, the service's (as the node serving this
 * console reports it), the runtime the console runs on and where its files are. Immutable.
 *
 * @param places extra facts from the application: the data and config folders, the profile, the
 *               installed launcher
 */
public record AboutInfo(String consoleVersion, String serviceVersion, String serviceNode, String apiVersions,
                        String runtime, String javafx, String os, List<Fact> places) {

    /** One labelled line. */
    public record Fact(String label, String value) {
    }

    public AboutInfo {
        places = List.copyOf(places);
    }

    /** The facts of this JVM and of {@code session} (null when the service could not be asked). */
    public static AboutInfo of(String consoleVersion, Session session, List<Fact> places) {
        String runtime = System.getProperty("java.runtime.name", "Java") + " " + System.getProperty(
                "java.runtime.version", System.getProperty("java.version", "?")) + " (" + System.getProperty(
                "java.vm.name", "?") + ", " + System.getProperty("java.vendor", "?") + ")";
        String os = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "") + " ("
                + System.getProperty("os.arch", "?") + ")";
        return new AboutInfo(consoleVersion,
                session == null ? "unknown (the service did not answer)" : session.serverVersion(),
                session == null || session.node() == null ? "" : session.node(),
                session == null ? "" : session.minApiVersion() + " to " + session.maxApiVersion(),
                runtime, System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "?")), os,
                places);
    }

    /** Every fact in the order shown. */
    public List<Fact> facts() {
        List<Fact> all = new ArrayList<>();
        all.add(new Fact("Console", consoleVersion));
        all.add(new Fact("Service", serviceVersion + (serviceNode.isBlank() ? "" : " (node " + serviceNode + ")")));
        if (!apiVersions.isBlank()) {
            all.add(new Fact("Manila API", "microversions " + apiVersions));
        }
        all.add(new Fact("Java runtime", runtime));
        all.add(new Fact("JavaFX", javafx));
        all.add(new Fact("System", os));
        all.addAll(places);
        return all;
    }

    /** The facts as plain text, one per line (the dialog's Copy, for a bug report). */
    public String asText() {
        return "Lockstep\n" + facts().stream().map(f -> f.label() + ": " + f.value())
                .collect(Collectors.joining("\n"));
    }
}
