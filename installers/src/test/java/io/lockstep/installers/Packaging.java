package io.lockstep.installers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Where this build's jpackage outputs are, per platform (paths set by installers/pom.xml). */
final class Packaging {

    static final Path DIR = Path.of(System.getProperty("installer.dir", "target/jpackage"));
    static final String VERSION = System.getProperty("installer.version", "?");
    static final String PROJECT_VERSION = System.getProperty("project.version", "?");
    private static final String OS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);

    private Packaging() {
    }

    static boolean linux() {
        return OS.contains("linux");
    }

    static boolean windows() {
        return OS.contains("win");
    }

    /** The app-image folder: lockstep (Linux), Lockstep (Windows) or Lockstep.app (macOS). */
    static Path appImage() {
        try (Stream<Path> s = Files.list(DIR.resolve("image"))) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow(() -> new AssertionError("no app-image in "
                    + DIR.resolve("image")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The launcher named {@code name} inside the app-image. */
    static Path launcher(String name) {
        Path image = appImage();
        if (windows()) {
            return image.resolve(name + ".exe");
        }
        return linux() ? image.resolve("bin").resolve(name) : image.resolve("Contents/MacOS").resolve(name);
    }

    /** The console's launcher: lockstep on Linux, Lockstep elsewhere. */
    static Path consoleLauncher() {
        return launcher(linux() ? "lockstep" : "Lockstep");
    }

    static Path runtime() {
        Path image = appImage();
        return windows() ? image.resolve("runtime") : linux() ? image.resolve("lib/runtime")
                : image.resolve("Contents/runtime/Contents/Home");
    }

    /** The installers built (.deb, .rpm, .msi, .dmg). */
    static List<Path> packages() {
        try (Stream<Path> s = Files.list(DIR.resolve("packages"))) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path deb() {
        return packages().stream().filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
    }

    static long size(Path path) {
        try (Stream<Path> s = Files.walk(path)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
