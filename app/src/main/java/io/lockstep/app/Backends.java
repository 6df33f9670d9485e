package io.lockstep.app;

import io.lockstep.app.profile.ConnectionProfile;
import io.lockstep.app.profile.ProfileStore;
import java.io.IOException;
import java.nio.file.Files;

/** Opens the service the command line asks for: a saved profile, a {@code --connect}, or the embedded lab. */
final class Backends {

    private Backends() {
    }

    /** Blocks while an embedded lab starts (call it off the FX thread). */
    static Backend open(ConsoleOptions opts) throws IOException {
        if (opts.profile != null) {
            ProfileStore store = ProfileStore.load(Settings.configDir(opts.configDir));
            ConnectionProfile p = store.get(opts.profile).orElseThrow(() -> new StartupException("There is no "
                    + "connection profile named '" + opts.profile + "'. Saved: " + store.all().stream()
                    .map(ConnectionProfile::name).toList() + ".", null));
            String token = p.token() != null ? p.token() : readToken(p.tokenFile());
            return new Backend.Remote(p.endpoints(), token, p.trustSettings(), p.readOnly() || opts.readOnly,
                    p.name());
        }
        if (opts.remote()) {
            String token = readToken(opts.tokenFile);
            if (opts.saveProfile != null) {
                ConnectionProfile p = new ConnectionProfile(opts.saveProfile, opts.endpoints(), null,
                        opts.tokenFile.toAbsolutePath(), opts.tlsCa != null ? "ca" : opts.tlsPin != null ? "pin"
                        : "system", opts.tlsCa == null ? null : opts.tlsCa.toAbsolutePath(), opts.tlsPin,
                        opts.readOnly);
                try {
                    ProfileStore.load(Settings.configDir(opts.configDir)).put(p);
                } catch (IllegalArgumentException e) {
                    throw new StartupException("The profile cannot be saved: " + e.getMessage(), null);
                }
            }
            return new Backend.Remote(opts.endpoints(), token, opts.trust(), opts.readOnly, opts.saveProfile);
        }
        // The console opens its window on the lab's API node; the other nodes start once it is up.
        return opts.scratch ? EmbeddedLab.scratch(true) : EmbeddedLab.onDisk(opts.labDataDir(), true);
    }

    static String readToken(java.nio.file.Path file) throws IOException {
        String token = Files.readString(file).strip();
        if (token.isEmpty()) {
            throw new StartupException("The token file " + file + " is empty.", null);
        }
        return token;
    }
}
