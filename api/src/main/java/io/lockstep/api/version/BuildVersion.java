package io.lockstep.api.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * A module's version as its build wrote it: {@code version} in a {@code version.properties} that
 * Maven filters, then the jar manifest's Implementation-Version, then "dev" (an unbuilt class path).
 */
public final class BuildVersion {

    private BuildVersion() {
    }

    /** Reads {@code resource} next to {@code anchor}'s classes, e.g. {@code /io/lockstep/app/version.properties}. */
    public static String read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException unreadable) {
            // fall through to the manifest
        }
        String v = anchor.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
