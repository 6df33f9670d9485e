package io.lockstep.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The console's version, from the POM (filtered into {@code version.properties}); "dev" when run unbuilt. */
final class AppVersion {

    private static final String VERSION = read();

    private AppVersion() {
    }

    static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = AppVersion.class.getResourceAsStream("/io/lockstep/app/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException unreadable) {
            // an unbuilt class path: say so rather than guess
        }
        return "dev";
    }

    /** For {@code --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Lockstep console " + get(), "Java " + System.getProperty("java.runtime.version")
                    + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
