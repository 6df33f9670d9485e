package io.lockstep.app;

import io.lockstep.api.version.BuildVersion;
import picocli.CommandLine;

/** The console's version, from the POM (filtered into {@code version.properties}); "dev" when run unbuilt. */
final class AppVersion {

    private static final String VERSION = BuildVersion.read(AppVersion.class, "/io/lockstep/app/version.properties");

    private AppVersion() {
    }

    static String get() {
        return VERSION;
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
