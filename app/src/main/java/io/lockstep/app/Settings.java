package io.lockstep.app;

import io.lockstep.views.shell.Page;
import io.lockstep.views.shell.Theme;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * What the console remembers between runs: window place and size, theme, last page. A properties
 * file in the user's config folder; a missing or damaged file means defaults. Not thread-safe (FX
 * thread).
 */
final class Settings {

    private static final String FILE = "console.properties";
    private final Path file;
    private final Properties values = new Properties();

    private Settings(Path file) {
        this.file = file;
    }

    static Settings load(Path configDir) {
        Settings s = new Settings((configDir != null ? configDir : defaultConfigDir()).resolve(FILE));
        if (Files.isReadable(s.file)) {
            try (Reader r = Files.newBufferedReader(s.file, StandardCharsets.UTF_8)) {
                s.values.load(r);
            } catch (IOException | IllegalArgumentException damaged) {
                s.values.clear();
            }
        }
        return s;
    }

    /** {@code dir}, or the user's config folder when null. */
    static Path configDir(Path dir) {
        return dir != null ? dir : defaultConfigDir();
    }

    static Path defaultConfigDir() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData/Roaming")).resolve("Lockstep");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Preferences/Lockstep");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("lockstep");
    }

    /** Saves quietly: failing to remember a window size must not stop anyone from quitting. */
    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                values.store(w, "Lockstep console settings");
            }
        } catch (IOException ignored) {
            // Read-only home or full disk: next start uses defaults.
        }
    }

    double number(String key, double fallback) {
        try {
            return Double.parseDouble(values.getProperty(key, ""));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    void put(String key, Object value) {
        values.setProperty(key, String.valueOf(value));
    }

    Theme theme() {
        try {
            return Theme.valueOf(values.getProperty("theme", Theme.SYSTEM.name()));
        } catch (IllegalArgumentException e) {
            return Theme.SYSTEM;
        }
    }

    Page page() {
        try {
            return Page.valueOf(values.getProperty("page", Page.OVERVIEW.name()));
        } catch (IllegalArgumentException e) {
            return Page.OVERVIEW;
        }
    }

    Path file() {
        return file;
    }
}
