package io.lockstep.backend.lock;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.backend.leader.CleanupLeader;
import io.lockstep.api.auth.Role;
import io.lockstep.api.coordination.BreakLock;
import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.coordination.HolderView;
import io.lockstep.api.coordination.Leaders;
import io.lockstep.api.coordination.LockFamilyStats;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.api.coordination.Locks;
import io.lockstep.api.coordination.StepDown;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.api.event.EventKind;
import io.lockstep.backend.coordination.CoordinationException;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.ElectionInfo;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.LockInfo;
import io.lockstep.backend.coordination.ZooKeeperCoordinator;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.service.NodeLiveness;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * {@code /lockstep/v1/locks} and {@code /lockstep/v1/leaders}: what the coordinator knows, for anyone
 * with a token (with ZooKeeper every node answers for the whole cluster), and two guarded admin
 * actions, each recorded as an event: break a lock whose holder is gone, and make a leader step down.
 */
public final class CoordinationRoutes {

    private final Coordinator coordinator;
    private final NodeLiveness liveness;
    private final EventLog events;
    private final Bodies bodies;
    private final Clock clock;
    private final JsonRenderer json;
    private final LockScope scope;

    /** Which project a lock belongs to, for callers who see only their own. */
    @FunctionalInterface
    public interface LockScope {
        boolean visibleTo(String lockName, String projectId);
    }

    public CoordinationRoutes(Coordinator coordinator, NodeLiveness liveness, EventLog events, Bodies bodies,
                              Clock clock, JsonRenderer json, LockScope scope) {
        this.scope = scope;
        this.coordinator = coordinator;
        this.liveness = liveness;
        this.events = events;
        this.bodies = bodies;
        this.clock = clock;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/locks", ctx -> {
            Caller caller = Requests.caller(ctx);
            Locks all = locks();
            if (caller.role() != Role.ADMIN) {
                // Lock names carry resource ids: anyone else sees the locks on their own project's shares only,
                // and no per-family statistics (their longest holders name other projects' work).
                all = new Locks(all.coordinator(), all.node(), all.held().stream()
                        .filter(l -> scope.visibleTo(l.name(), caller.projectId())).toList(), java.util.List.of());
            }
            json.render(ctx, 200, all);
        });
        app.post("/lockstep/v1/locks/break", this::breakLock);
        app.get("/lockstep/v1/leaders", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, leaders());
        });
        app.post("/lockstep/v1/leaders/{name}/step-down", this::stepDown);
    }

    Locks locks() {
        var now = clock.instant();
        Set<String> alive = liveness.aliveNodes();
        var held = coordinator.heldLocks().stream().map(l -> new LockHolding(l.name(), view(l.holder()),
                l.since() == null ? null : l.since().toString(),
                l.since() == null ? 0 : Math.max(0, Duration.between(l.since(), now).toMillis()), l.fencingToken(),
                l.waiters().stream().map(CoordinationRoutes::view).toList(), alive.contains(l.holder().node())))
                .toList();
        var stats = coordinator.lockStats().stream().map(s -> new LockFamilyStats(s.family(), s.acquisitions(),
                s.contended(), s.timeouts(), s.waitP50Micros(), s.waitP99Micros(), s.maxWaitMicros(), s.holdP50Micros(),
                s.holdP99Micros(), s.maxHoldMicros(), s.longestHolder())).toList();
        return new Locks(coordinator instanceof ZooKeeperCoordinator ? "zookeeper" : "in-process",
                coordinator.nodeId(), held, stats);
    }

    Leaders leaders() {
        return new Leaders(coordinator.elections().stream().map(e -> new ElectionView(e.name(), view(e.leader()),
                e.participants().stream().map(CoordinationRoutes::view).toList(), e.term(),
                e.since() == null ? null : e.since().toString(),
                duties(e.name()))).toList());
    }

    /** What the leader of an election does, as the console lists it. */
    private static java.util.List<String> duties(String election) {
        return switch (election) {
            case CleanupLeader.ELECTION -> CleanupLeader.DUTIES;
            case io.lockstep.backend.leader.ReplicationLeader.ELECTION ->
                    io.lockstep.backend.leader.ReplicationLeader.DUTIES;
            default -> java.util.List.of();
        };
    }

    private void breakLock(Context ctx) {
        Caller caller = Requests.authorize(ctx, Privileged.BREAK_LOCK);
        BreakLock body = bodies.parse(ctx, BreakLock.class);
        if (body.name() == null || body.name().isBlank()) {
            throw fieldError("name", "'name' is required: the lock to break.");
        }
        if (body.fencingToken() == null) {
            throw fieldError("fencing_token", "'fencing_token' is required: the token of the holding you saw, so a "
                    + "lock that changed hands is left alone.");
        }
        LockInfo lock = coordinator.heldLocks().stream().filter(l -> l.name().equals(body.name())).findFirst()
                .orElseThrow(() -> new ApiError(404, "Lock '" + body.name() + "' is not held."));
        if (lock.fencingToken() != body.fencingToken()) {
            throw new ApiError(409, "Lock '" + body.name() + "' changed hands: it is now held by " + lock.holder()
                    + " under fencing token " + lock.fencingToken() + ".");
        }
        if (liveness.aliveNodes().contains(lock.holder().node())) {
            throw new ApiError(409, "Lock '" + body.name() + "' is held by " + lock.holder() + ", whose node is alive "
                    + "(in the services group or heartbeating); only a lock of a lost holder may be broken. Wait for "
                    + "it, or stop that node.");
        }
        boolean broken;
        try {
            broken = coordinator.breakLock(body.name(), body.fencingToken());
        } catch (CoordinationException e) {
            throw new ApiError(409, e.getMessage());
        }
        if (!broken) {
            throw new ApiError(409, "Lock '" + body.name() + "' changed hands while it was being broken.");
        }
        events.appendAlone(new NewEvent(EventKind.LOCK, "lock", body.name(), null, "break", lock.holder().node(), null,
                caller.actor(), "broke the lock held by " + lock.holder() + " since " + lock.since()
                + " (fencing token " + lock.fencingToken() + ")"));
        ctx.status(204);
    }

    private void stepDown(Context ctx) {
        Caller caller = Requests.authorize(ctx, Privileged.RESIGN_LEADER);
        String name = ctx.pathParam("name");
        StepDown body = bodies.parse(ctx, StepDown.class);
        if (body.term() == null) {
            throw fieldError("term", "'term' is required: the term of the leader you saw, so a leader elected "
                    + "meanwhile is left alone.");
        }
        ElectionInfo election = coordinator.elections().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new ApiError(404, "No election '" + name + "'."));
        Holder leader = election.leader();
        if (leader == null || election.term() != body.term()) {
            throw new ApiError(409, "Election '" + name + "' is in term " + election.term() + (leader == null
                    ? " with no leader" : ", led by " + leader.node()) + "; you asked about term " + body.term() + ".");
        }
        if (!coordinator.electionService().resign(name, body.term())) {
            throw new ApiError(409, "Leadership of '" + name + "' moved on while stepping down; look again.");
        }
        events.appendAlone(new NewEvent(EventKind.LEADER, "election", name, null, "step-down", leader.node(), null,
                caller.actor(), "asked " + leader.node() + " to step down from term " + body.term()));
        ctx.status(202);
    }

    private static ApiError fieldError(String field, String message) {
        return new ApiError(new ErrorDetail(400, message, null, null, null, null, null, field, null));
    }

    private static HolderView view(Holder h) {
        return h == null ? null : new HolderView(h.node(), h.service(), h.purpose());
    }
}
