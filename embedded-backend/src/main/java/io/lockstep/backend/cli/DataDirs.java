package io.lockstep.backend.cli;

import java.nio.file.Path;
import java.util.Locale;

/** The user's data folder for Lockstep, per platform conventions. */
public final class DataDirs {

    private DataDirs() {
    }

    public static Path defaultDataDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("LOCALAPPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData/Local")).resolve("Lockstep");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Application Support/Lockstep");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share")).resolve("lockstep");
    }
}
