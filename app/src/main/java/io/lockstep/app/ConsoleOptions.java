package io.lockstep.app;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The console's command line. Checked by {@link #problem()} before anything starts. */
@Command(name = "lockstep-console", mixinStandardHelpOptions = true, version = "Lockstep console 0.1",
        description = {"The Lockstep operations console.",
                "With no options it starts the embedded lab: the service in-process on 127.0.0.1, "
                        + "its H2 database in your data folder."})
public final class ConsoleOptions {

    @Option(names = "--scratch", description = "Embedded lab with an in-memory database (nothing is kept).")
    boolean scratch;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded lab with its database in DIR "
            + "instead of the user's data folder.")
    Path dataDir;

    @Option(names = "--connect", paramLabel = "URL", description = "Connect to a running service instead "
            + "(e.g. http://127.0.0.1:8786); needs --token-file.")
    String connect;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the token for --connect.")
    Path tokenFile;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "Where window and theme settings are kept "
            + "(default: the user's config folder).")
    Path configDir;

    @Option(names = "--screenshots", paramLabel = "DIR", hidden = true,
            description = "Seed demo data, save a PNG of every view into DIR, and exit (docs/screenshots).")
    Path screenshots;

    /** What is wrong with this combination of options, or null. */
    public String problem() {
        if (connect != null && (scratch || dataDir != null)) {
            return "--connect talks to a running service; it cannot be combined with --scratch or --data-dir.";
        }
        if (scratch && dataDir != null) {
            return "--scratch keeps nothing on disk; it cannot be combined with --data-dir.";
        }
        if (connect != null && tokenFile == null) {
            return "--connect needs --token-file FILE (the file holding your token).";
        }
        if (connect == null && tokenFile != null) {
            return "--token-file is for --connect; the embedded lab makes its own token.";
        }
        if (connect != null && !connect.matches("https?://.+")) {
            return "--connect needs an http:// or https:// URL, not '" + connect + "'.";
        }
        return null;
    }

    public boolean remote() {
        return connect != null;
    }
}
