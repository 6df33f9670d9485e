package io.lockstep.backend.lock;

import io.javalin.Javalin;
import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.HolderView;
import io.lockstep.api.coordination.Leaders;
import io.lockstep.api.coordination.LockFamilyStats;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.api.coordination.Locks;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.share.ShareRoutes;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code /lockstep/v1/locks} and {@code /lockstep/v1/leaders}: what the coordinator knows, for anyone
 * with a token. With ZooKeeper every node answers for the whole cluster.
 */
public final class CoordinationRoutes {

    private final Coordinator coordinator;
    private final Clock clock;
    private final ShareRoutes.Renderer json;

    public CoordinationRoutes(Coordinator coordinator, Clock clock, ShareRoutes.Renderer json) {
        this.coordinator = coordinator;
        this.clock = clock;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/locks", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, locks());
        });
        app.get("/lockstep/v1/leaders", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, leaders());
        });
    }

    Locks locks() {
        var now = clock.instant();
        var held = coordinator.heldLocks().stream().map(l -> new LockHolding(l.name(), view(l.holder()),
                l.since() == null ? null : l.since().toString(),
                l.since() == null ? 0 : Math.max(0, Duration.between(l.since(), now).toMillis()), l.fencingToken(),
                l.waiters().stream().map(CoordinationRoutes::view).toList())).toList();
        var stats = coordinator.lockStats().stream().map(s -> new LockFamilyStats(s.family(), s.acquisitions(),
                s.contended(), s.timeouts(), s.waitP50Micros(), s.waitP99Micros(), s.maxWaitMicros(), s.holdP50Micros(),
                s.holdP99Micros(), s.maxHoldMicros(), s.longestHolder())).toList();
        return new Locks(coordinator instanceof ZooKeeperCoordinator ? "zookeeper" : "in-process",
                coordinator.nodeId(), held, stats);
    }

    Leaders leaders() {
        return new Leaders(coordinator.elections().stream().map(e -> new ElectionView(e.name(), view(e.leader()),
                e.participants().stream().map(CoordinationRoutes::view).toList(), e.term(),
                e.since() == null ? null : e.since().toString())).toList());
    }

    private static HolderView view(Holder h) {
        return h == null ? null : new HolderView(h.node(), h.service(), h.purpose());
    }
}
