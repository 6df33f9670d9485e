package io.lockstep.backend.leader;

import io.lockstep.api.event.EventKind;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.LockInfo;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.Applied;
import io.lockstep.backend.transition.TransitionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader of the {@code cleanup} election does, one sweep at a time:
 * <ul>
 * <li>hands back work items whose lease ran out while an owner was still named (the owner died), so
 *     they show as unowned and any service claims them;</li>
 * <li>moves a resource stuck in a transitional state with no work in progress for it (the work was
 *     given up or lost) to its operation's error state, as a transition with the reason;</li>
 * <li>announces services whose heartbeat went stale (down) or fresh again (up);</li>
 * <li>flags locks held longer than {@code longHold}: no lock should outlive a short status change, so
 *     a long hold is a bug to show (one {@code lock} event per holding).</li>
 * </ul>
 * Every resource change is a transition event like any other, with the leader as actor, and comes
 * with a user message for the resource's project. Each handed-back lease is a {@code work} event.
 * Thread-safe.
 */
public final class CleanupDuties {

    /** What one sweep did. */
    public record Sweep(int leasesExpired, List<String> movedToError, List<String> servicesChanged,
                        List<String> longHeldLocks) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CleanupDuties.class);

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final Clock clock;
    private final Holder actor;
    private final Duration grace;
    private final EventLog events;
    private final Duration serviceDownTime;
    private final Coordinator coordinator;
    private final Duration longHold;
    /** Where a purge's work goes; null when this node purges nothing. */
    private io.lockstep.backend.work.WorkQueue queue;
    private Duration unusedServerInterval;
    private io.lockstep.backend.network.ShareServerService servers;
    /** Fencing tokens of holdings already flagged; kept small (holdings end). */
    private final Set<Long> flagged = ConcurrentHashMap.newKeySet();

    /**
     * @param grace how long a resource must have been in its state before it counts as stuck, so that
     *              a transition and its work item, written together, are never caught in between
     */
    public CleanupDuties(Jdbi jdbi, TransitionStore transitions, EventLog events, Clock clock, Coordinator coordinator,
                         Duration grace, Duration serviceDownTime, Duration longHold) {
        this.jdbi = jdbi;
        this.coordinator = coordinator;
        this.longHold = longHold;
        String nodeId = coordinator.nodeId();
        this.events = events;
        this.serviceDownTime = serviceDownTime;
        this.transitions = transitions;
        this.clock = clock;
        this.actor = new Holder(nodeId, "cleanup", "leader duties");
        this.grace = grace;
    }

    /**
     * Also deletes share servers that have had no share for longer than {@code interval} (Manila's
     * {@code unused_share_server_cleanup_interval}), through {@code serverDeletes}.
     */
    public CleanupDuties deletingUnusedServersAfter(Duration interval,
                                                    io.lockstep.backend.network.ShareServerService serverDeletes) {
        this.unusedServerInterval = interval;
        this.servers = serverDeletes;
        return this;
    }

    /**
     * Active servers no live share has used for the interval: each one's delete begins under its network's
     * lock, where the server's declared guard refuses it if a share was placed on it meanwhile (that share's
     * create takes the same lock), so a share never ends on a deleted server. Each deletion is an event.
     */
    private List<String> deleteUnusedServers(long now) {
        if (servers == null) {
            return List.of();
        }
        StateMachine server = ResourceMachines.SHARE_SERVER;
        StateMachine share = ResourceMachines.SHARE;
        long cutoff = now - unusedServerInterval.toMillis();
        List<String> unused = jdbi.withHandle(h -> h.createQuery("SELECT s.id FROM " + server.table() + " s WHERE "
                        + "s.status = :active AND s.updated_at < :cutoff AND NOT EXISTS (SELECT 1 FROM " + share.table()
                        + " x WHERE x.share_server_id = s.id AND (x.status <> :gone OR x.updated_at >= :cutoff))")
                .bind("active", server.createOperation().orElseThrow().successState()).bind("cutoff", cutoff)
                .bind("gone", share.terminalState()).mapTo(String.class).list());
        List<String> deleted = new ArrayList<>();
        for (String id : unused) {
            try {
                transitions.locked(server, id, actor, h -> {
                    servers.beginDelete(h, id, actor.toString(), server.createOperation().orElseThrow().successState());
                    return null;
                });
                deleted.add(id);
            } catch (io.lockstep.backend.request.TransitionConflict inUse) {
                LOG.info("unused share server {} was not deleted: {}", id, inUse.getMessage());
            }
        }
        if (!deleted.isEmpty() && queue != null) {
            queue.wake();
        }
        return deleted;
    }

    /** Also purges shares whose time in the recycle bin is up, queueing their deletion on {@code work}. */
    public CleanupDuties purgingWith(io.lockstep.backend.work.WorkQueue work) {
        this.queue = work;
        return this;
    }

    public Sweep sweep() {
        long now = clock.millis();
        int expired = handBackExpiredLeases(now);
        List<String> moved = new ArrayList<>();
        purgeRecycleBin(now).forEach(id -> moved.add(id + " purged"));
        deleteUnusedServers(now).forEach(id -> moved.add("share server " + id + " deleted (unused)"));
        for (StateMachine m : ResourceMachines.all()) {
            for (String[] stuck : stuck(m, now - grace.toMillis())) {
                moveToError(m, stuck[0], stuck[1], stuck[2]).ifPresent(moved::add);
            }
        }
        List<String> services = announceServiceChanges(now);
        List<String> longHeld = flagLongHolds();
        if (expired > 0 || !moved.isEmpty() || !services.isEmpty() || !longHeld.isEmpty()) {
            LOG.info("cleanup by {}: {} lease(s) handed back, moved to error: {}, services: {}, long-held locks: {}",
                    actor.node(), expired, moved, services, longHeld);
        }
        return new Sweep(expired, moved, services, longHeld);
    }

    /** Each item whose owner's lease ran out loses its owner by test-and-set, with a {@code work} event. */
    private int handBackExpiredLeases(long now) {
        List<Map<String, Object>> lapsed = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, resource_type, resource_id, operation, owner, lease_expires_at FROM work_items
                        WHERE state = 'pending' AND owner IS NOT NULL AND lease_expires_at < :now""")
                .bind("now", now).mapToMap().list());
        int handedBack = 0;
        for (Map<String, Object> w : lapsed) {
            String owner = (String) w.get("owner");
            boolean done = jdbi.inTransaction(h -> {
                int n = h.createUpdate("""
                                UPDATE work_items SET owner = NULL, updated_at = :now
                                WHERE id = :id AND state = 'pending' AND owner = :owner AND lease_expires_at < :now""")
                        .bind("now", now).bind("id", w.get("id")).bind("owner", owner).execute();
                if (n == 1) {
                    long late = now - ((Number) w.get("lease_expires_at")).longValue();
                    events.append(h, new NewEvent(EventKind.WORK, (String) w.get("resource_type"),
                            (String) w.get("resource_id"), null, (String) w.get("operation"), owner, null,
                            actor.toString(), "lease of " + owner + " ran out " + late / 1000 + " s ago; the "
                            + w.get("operation") + " is handed back for any share service to take over"));
                }
                return n == 1;
            });
            if (done) {
                handedBack++;
            }
        }
        if (handedBack > 0) {
            events.committed();
        }
        return handedBack;
    }

    private List<String> flagLongHolds() {
        List<String> out = new ArrayList<>();
        Instant cutoff = clock.instant().minus(longHold);
        List<LockInfo> held = coordinator.heldLocks();
        Set<Long> current = new HashSet<>();
        for (LockInfo l : held) {
            current.add(l.fencingToken());
            if (l.since() != null && l.since().isBefore(cutoff) && flagged.add(l.fencingToken())) {
                long seconds = Duration.between(l.since(), clock.instant()).toSeconds();
                events.appendAlone(new NewEvent(EventKind.LOCK, "lock", l.name(), null, "held-long",
                        l.holder().node(), null, actor.toString(), l.holder() + " has held it for " + seconds
                        + " s (fencing token " + l.fencingToken() + "); locks are meant for short status changes"));
                out.add(l.name());
            }
        }
        flagged.retainAll(current);
        return out;
    }

    /**
     * A service whose heartbeat crossed service_down_time (either way) gets one {@code service} event.
     * The last announced state is kept in the row and changed by test-and-set in the event's
     * transaction, so a change is announced once whichever node leads.
     */
    private List<String> announceServiceChanges(long now) {
        List<String> changed = new ArrayList<>();
        List<Object[]> rows = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, host, binary_name, updated_at, reported_state FROM services")
                .map((rs, ctx) -> new Object[] {rs.getLong("id"), rs.getString("binary_name") + "@" + rs.getString("host"),
                        rs.getLong("updated_at"), rs.getString("reported_state")}).list());
        for (Object[] r : rows) {
            long age = now - (long) r[2];
            String state = age < serviceDownTime.toMillis() ? "up" : "down";
            String reported = (String) r[3];
            if (state.equals(reported)) {
                continue;
            }
            boolean announced = jdbi.inTransaction(h -> {
                int n = h.createUpdate("UPDATE services SET reported_state = :state WHERE id = :id AND reported_state = :old")
                        .bind("state", state).bind("id", r[0]).bind("old", reported).execute();
                if (n == 1) {
                    events.append(h, new NewEvent(EventKind.SERVICE, "service", String.valueOf(r[0]), null, "heartbeat",
                            reported, state, actor.toString(), r[1] + ": last heartbeat " + age / 1000 + " s ago"));
                }
                return n == 1;
            });
            if (announced) {
                events.committed();
                changed.add(r[1] + " " + state);
            }
        }
        return changed;
    }

    /**
     * Begins the declared purge of every share whose recycle-bin time is up (one test-and-set each,
     * under its family lock, its deletion queued in the same transaction); a share restored meanwhile
     * is refused by the test-and-set and left alone.
     */
    private List<String> purgeRecycleBin(long now) {
        if (queue == null) {
            return List.of();
        }
        StateMachine share = ResourceMachines.SHARE;
        io.lockstep.backend.statemachine.Operation purge = share.operation("purge");
        List<String> due = jdbi.withHandle(h -> h.createQuery("SELECT id FROM " + share.table() + " WHERE status IN "
                        + "(<binned>) AND (scheduled_to_be_deleted_at IS NULL OR scheduled_to_be_deleted_at <= :now)")
                .bindList("binned", List.copyOf(purge.from())).bind("now", now).mapTo(String.class).list());
        List<String> purged = new ArrayList<>();
        for (String id : due) {
            try {
                transitions.locked(share, id, actor, h -> {
                    transitions.begin(h, share, id, purge.name(), actor.toString(), null, Map.of());
                    return queue.enqueue(h, share.resource(), id, purge.name(), Map.of());
                });
                purged.add(id);
            } catch (io.lockstep.backend.request.TransitionConflict restored) {
                LOG.info("not purging share {}: {}", id, restored.getMessage());
            }
        }
        if (!purged.isEmpty()) {
            queue.wake();
        }
        return purged;
    }

    /** id, status and the lock's share id of resources in a transitional state with no pending work. */
    private List<String[]> stuck(StateMachine m, long before) {
        List<String> transitional = new ArrayList<>(m.statesOfKind(StateKind.TRANSITIONAL));
        if (transitional.isEmpty() || m.onAnotherRow()) {
            return List.of(); // a second machine on a row moves only with its host's work, which is swept
        }
        boolean snapshot = m.parent().isPresent();
        // A child's work may be done by a sibling's item (a share's access rules are applied in one call).
        String work = snapshot
                ? "w.resource_id IN (SELECT x.id FROM " + m.table() + " x WHERE x." + m.parentColumn() + " = t."
                        + m.parentColumn() + ")"
                : "(w.resource_id = t.id" + heldByChildren(m) + sourceWork(m) + ")";
        String lockOwner = snapshot ? "t." + m.parentColumn() : "t.id";
        // A share being migrated is worked on through its job, which has its own lease and hand-off.
        String job = " AND NOT EXISTS (SELECT 1 FROM jobs j WHERE (j.resource_id = t.id OR j.target = t.id)"
                + " AND j.status IN (<live_jobs>))";
        return jdbi.withHandle(h -> h.createQuery("SELECT t.id, t.status, " + lockOwner + " AS family FROM "
                        + m.table() + " t WHERE t.status IN (<states>) AND t.updated_at < :before AND NOT EXISTS "
                        + "(SELECT 1 FROM work_items w WHERE w.state = 'pending' AND " + work + ")" + job)
                .bindList("states", transitional).bind("before", before)
                .bindList("live_jobs", List.copyOf(ResourceMachines.JOB.statesOfKind(StateKind.TRANSITIONAL)))
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("status"), rs.getString("family")})
                .list());
    }

    /**
     * A resource held by a child's operation ({@link Guard.ParentOperation}: a share 'snapshotting' or in
     * 'replication_change') is worked on through the child's item.
     */
    private static String heldByChildren(StateMachine m) {
        StringBuilder or = new StringBuilder();
        for (StateMachine child : ResourceMachines.childrenOf(m)) {
            boolean holds = child.operations().stream().flatMap(o -> o.guards().stream())
                    .anyMatch(g -> g instanceof Guard.ParentOperation p && p.parent().equals(m));
            if (holds) {
                or.append(" OR w.resource_id IN (SELECT c.id FROM ").append(child.table()).append(" c WHERE c.")
                        .append(child.parentColumn()).append(" = t.id)");
            }
        }
        return or.toString();
    }

    /**
     * A resource made on another ({@link Guard.SourceIn}, a share on its
     * share server) may wait for that one's work: it is not stuck while the source has work pending.
     */
    private static String sourceWork(StateMachine m) {
        StringBuilder or = new StringBuilder();
        m.operations().stream().flatMap(o -> o.guards().stream())
                .filter(Guard.SourceIn.class::isInstance).map(g -> ((Guard.SourceIn) g).column()).distinct()
                .forEach(column -> or.append(" OR w.resource_id = t.").append(column));
        return or.toString();
    }

    private Optional<String> moveToError(StateMachine m, String id, String status, String family) {
        Optional<Operation> op = m.operationVia(status);
        if (op.isEmpty()) {
            return Optional.empty();
        }
        String error = op.get().defaultErrorState();
        String message = "stuck in " + status + " with no work in progress (the service doing it was lost or "
                + "gave up); moved to " + error + " by the cleanup leader";
        try {
            return transitions.locked(m, id, actor, h -> {
                Optional<Applied> applied = transitions.finishIfStill(h, m, id, op.get().name(),
                        Outcome.failed(Failure.GAVE_UP, message), actor.toString());
                applied.ifPresent(a -> MessageStore.error(h, a.projectId(), m.resource(), id, op.get().name(),
                        "The " + op.get().name() + " of this " + m.resource() + " could not finish: the service working "
                        + "on it was lost or gave up, so it was moved to " + error + ". An administrator can reset "
                        + "its status once the storage backend is checked.", clock.millis()));
                return applied;
            }).map(applied -> m.resource() + "/" + id);
        } catch (RuntimeException e) {
            LOG.warn("cleanup could not move {} {}: {}", m.resource(), id, e.toString());
            return Optional.empty();
        }
    }
}
