package io.lockstep.app;

import io.lockstep.app.profile.ConnectionProfile;
import io.lockstep.app.profile.ProfileStore;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** {@code --list-profiles}, {@code --export-profiles F}, {@code --import-profiles F}: no window, an exit code. */
final class ProfileCommands {

    private ProfileCommands() {
    }

    static int run(ConsoleOptions o, PrintStream out, PrintStream err) {
        try {
            ProfileStore store = ProfileStore.load(Settings.configDir(o.configDir));
            if (o.importProfiles != null) {
                List<String> names = store.importFrom(o.importProfiles);
                out.println("imported " + names.size() + " profile(s): " + String.join(", ", names));
            }
            if (o.exportProfiles != null) {
                store.export(o.exportProfiles, List.of());
                out.println("exported " + store.all().size() + " profile(s) to " + o.exportProfiles
                        + " (inline tokens left out)");
            }
            if (o.listProfiles) {
                for (ConnectionProfile p : store.all()) {
                    out.printf("%-20s %s  trust=%s%s%n", p.name(), p.endpoints(), p.trust(),
                            p.readOnly() ? "  READ-ONLY" : "");
                }
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("lockstep: " + e.getMessage());
            return 2;
        }
    }
}
