package io.lockstep.app;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The console's command line. Checked by {@link #problem()} before anything starts. */
@Command(name = "lockstep", mixinStandardHelpOptions = true, versionProvider = AppVersion.Provider.class,
        description = {"The Lockstep operations console.",
                "With no options it starts the embedded lab: the service in-process on 127.0.0.1, "
                        + "its H2 database in your data folder."})
public final class ConsoleOptions {

    @Option(names = "--scratch", description = "Embedded lab with an in-memory database (nothing is kept).")
    boolean scratch;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Embedded lab with its database in DIR "
            + "instead of the user's data folder.")
    Path dataDir;

    @Option(names = "--connect", paramLabel = "URL[,URL...]", description = "Connect to a running service instead "
            + "(e.g. https://n1:8786,https://n2:8786: the next node is used when one dies); needs --token-file.")
    String connect;

    @Option(names = "--profile", paramLabel = "NAME", description = "Connect with a saved connection profile.")
    String profile;

    @Option(names = "--save-profile", paramLabel = "NAME", description = "Save this --connect (endpoints, token "
            + "file, trust, read-only) as a profile, then connect.")
    String saveProfile;

    @Option(names = "--read-only", description = "Open the console read-only: actions are disabled (the token's "
            + "role on the server is what enforces it).")
    boolean readOnly;

    @Option(names = "--list-profiles", description = "List the saved profiles and exit.")
    boolean listProfiles;

    @Option(names = "--export-profiles", paramLabel = "FILE", description = "Write the saved profiles, without "
            + "their inline tokens, to FILE and exit.")
    Path exportProfiles;

    @Option(names = "--import-profiles", paramLabel = "FILE", description = "Add (or replace, by name) the profiles "
            + "of FILE and exit.")
    Path importProfiles;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the token for --connect.")
    Path tokenFile;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "For an https:// --connect: trust the CA "
            + "certificates in this PEM file instead of the system's.")
    Path tlsCa;

    @Option(names = "--tls-pin", paramLabel = "SHA256", description = "For an https:// --connect: trust exactly the "
            + "certificate with this SHA-256 fingerprint (serve --check prints it).")
    String tlsPin;

    @Option(names = "--config-dir", paramLabel = "DIR", description = "Where window and theme settings are kept "
            + "(default: the user's config folder).")
    Path configDir;


    /** Whether these options only manage profiles (no window). */
    public boolean profileCommand() {
        return listProfiles || exportProfiles != null || importProfiles != null;
    }

    /** The endpoints of {@code --connect}. */
    public java.util.List<java.net.URI> endpoints() {
        return java.util.Arrays.stream(connect.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(java.net.URI::create).toList();
    }

    /** What is wrong with this combination of options, or null. */
    public String problem() {
        if (profile != null && (connect != null || scratch || dataDir != null)) {
            return "--profile connects with a saved profile; it cannot be combined with --connect, --scratch or "
                    + "--data-dir.";
        }
        if (saveProfile != null && connect == null) {
            return "--save-profile saves a --connect; give the URL(s) and --token-file too.";
        }
        if (readOnly && connect == null && profile == null) {
            return "--read-only is for --connect or --profile; the embedded lab is yours to change.";
        }
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
        if (connect != null) {
            for (String url : connect.split(",")) {
                if (!url.strip().matches("https?://[^/]+/?")) {
                    return "--connect needs http:// or https:// URLs (HOST:PORT), comma-separated, not '"
                            + url.strip() + "'.";
                }
            }
        }
        if ((tlsCa != null || tlsPin != null) && (connect == null || !connect.startsWith("https://"))) {
            return "--tls-ca and --tls-pin are for --connect https://...";
        }
        if (tlsCa != null && tlsPin != null) {
            return "give either --tls-ca or --tls-pin, not both.";
        }
        if (tlsPin != null) {
            try {
                new io.lockstep.client.Trust.Pinned(tlsPin);
            } catch (IllegalArgumentException e) {
                return "--tls-pin: " + e.getMessage() + ".";
            }
        }
        return null;
    }

    /** How an https:// service's certificate is checked. */
    public io.lockstep.client.Trust trust() {
        return tlsCa != null ? new io.lockstep.client.Trust.CaFile(tlsCa)
                : tlsPin != null ? new io.lockstep.client.Trust.Pinned(tlsPin) : io.lockstep.client.Trust.system();
    }

    /** Where the embedded lab keeps its database: {@code --data-dir}, else the user's data folder (not for --scratch). */
    public Path labDataDir() {
        return dataDir != null ? dataDir : io.lockstep.backend.cli.DataDirs.defaultDataDir();
    }

    public boolean remote() {
        return connect != null || profile != null;
    }
}
