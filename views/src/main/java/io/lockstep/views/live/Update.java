package io.lockstep.views.live;

import io.lockstep.api.backup.ShareBackup;
import io.lockstep.api.event.Event;
import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.Snapshot;
import java.util.List;
import java.util.Map;

/** What crosses from background threads to the FX thread, in order, once per pulse. */
public sealed interface Update {

    /** A fresh, complete picture: replaces everything (first load); rows by resource type. */
    record Loaded(Catalog catalog, Map<String, List<Row>> rows, long lastEventId) implements Update {

        /** The three kinds of today, from the API's records (tests, and readers of those lists). */
        public Loaded(Catalog catalog, List<Share> shares, List<Snapshot> snapshots, List<ShareBackup> backups,
                      long lastEventId) {
            this(catalog, Map.of(LiveModel.SHARE, shares.stream().map(ResourceKinds::row).toList(),
                    LiveModel.SNAPSHOT, snapshots.stream().map(ResourceKinds::row).toList(),
                    LiveModel.BACKUP, backups.stream().map(ResourceKinds::row).toList()), lastEventId);
        }
    }

    record EventArrived(Event event) implements Update {
    }

    /** A row read again for a resource the console learnt of from an event without a row. */
    record Details(String type, Row row) implements Update {
    }

    record ConnectionChanged(ConnectionState state) implements Update {
    }
}
