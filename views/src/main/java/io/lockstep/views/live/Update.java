package io.lockstep.views.live;

import io.lockstep.api.backup.ShareBackup;
import io.lockstep.api.event.Event;
import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.Snapshot;
import java.util.List;

/** What crosses from background threads to the FX thread, in order, once per pulse. */
public sealed interface Update {

    /** A fresh, complete picture: replaces everything (first load). */
    record Loaded(Catalog catalog, List<Share> shares, List<Snapshot> snapshots, List<ShareBackup> backups,
                  long lastEventId) implements Update {
    }

    record EventArrived(Event event) implements Update {
    }

    /** Details the events do not carry (name, size...) fetched for a row the console just learnt of. */
    record ShareDetails(Share share) implements Update {
    }

    record SnapshotDetails(Snapshot snapshot) implements Update {
    }

    record BackupDetails(ShareBackup backup) implements Update {
    }

    record ConnectionChanged(ConnectionState state) implements Update {
    }
}
