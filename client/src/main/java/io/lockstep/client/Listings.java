package io.lockstep.client;

import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole listings across every project the token may see, page by page (the server returns at most
 * 1,000 rows a request). Rows are ordered by creation so that a row created during the walk lands on
 * a later page rather than shifting earlier ones; duplicates are dropped by id.
 */
public final class Listings {

    private static final int PAGE = 1000;

    private Listings() {
    }

    public static List<Share> allShares(LockstepClient client) {
        Map<String, Share> byId = new LinkedHashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            List<Share> page = client.call(client.manila().shares(query(offset))).shares();
            page.forEach(s -> byId.putIfAbsent(s.id(), s));
            if (page.size() < PAGE) {
                return new ArrayList<>(byId.values());
            }
        }
    }

    public static List<Snapshot> allSnapshots(LockstepClient client) {
        Map<String, Snapshot> byId = new LinkedHashMap<>();
        for (int offset = 0; ; offset += PAGE) {
            List<Snapshot> page = client.call(client.manila().snapshots(query(offset))).snapshots();
            page.forEach(s -> byId.putIfAbsent(s.id(), s));
            if (page.size() < PAGE) {
                return new ArrayList<>(byId.values());
            }
        }
    }

    /** Every share backup the token may see (the service answers them in one page). */
    public static List<io.lockstep.api.backup.ShareBackup> allBackups(LockstepClient client) {
        return client.call(client.manila().backups(Map.of("all_tenants", "true"))).shareBackups();
    }

    private static Map<String, String> query(int offset) {
        return Map.of("all_tenants", "true", "limit", Integer.toString(PAGE), "offset", Integer.toString(offset),
                "sort_key", "created_at", "sort_dir", "asc");
    }
}
