package io.lockstep.backend.leader;

import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.TransitionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader of the {@code cleanup} election does, one sweep at a time:
 * <ul>
 * <li>hands back work items whose lease ran out while an owner was still named (the owner died), so
 *     they show as unowned and any service claims them;</li>
 * <li>moves a resource stuck in a transitional state with no work in progress for it (the work was
 *     given up or lost) to its operation's error state, as a transition with the reason.</li>
 * </ul>
 * Every resource change is a transition event like any other, with the leader as actor. Thread-safe.
 */
public final class CleanupDuties {

    /** What one sweep did. */
    public record Sweep(int leasesExpired, List<String> movedToError) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CleanupDuties.class);

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final Clock clock;
    private final Holder actor;
    private final Duration grace;

    /**
     * @param grace how long a resource must have been in its state before it counts as stuck, so that
     *              a transition and its work item, written together, are never caught in between
     */
    public CleanupDuties(Jdbi jdbi, TransitionStore transitions, Clock clock, String nodeId, Duration grace) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.clock = clock;
        this.actor = new Holder(nodeId, "cleanup", "leader duties");
        this.grace = grace;
    }

    public Sweep sweep() {
        long now = clock.millis();
        int expired = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE work_items SET owner = NULL, updated_at = :now
                        WHERE state = 'pending' AND owner IS NOT NULL AND lease_expires_at < :now""")
                .bind("now", now).execute());
        List<String> moved = new ArrayList<>();
        for (StateMachine m : ResourceMachines.all()) {
            for (String[] stuck : stuck(m, now - grace.toMillis())) {
                moveToError(m, stuck[0], stuck[1], stuck[2]).ifPresent(moved::add);
            }
        }
        if (expired > 0 || !moved.isEmpty()) {
            LOG.info("cleanup by {}: {} lease(s) handed back, moved to error: {}", actor.node(), expired, moved);
        }
        return new Sweep(expired, moved);
    }

    /** id, status and the lock's share id of resources in a transitional state with no pending work. */
    private List<String[]> stuck(StateMachine m, long before) {
        List<String> transitional = new ArrayList<>(m.statesOfKind(StateKind.TRANSITIONAL));
        boolean snapshot = m.parent().isPresent();
        // A share that is 'snapshotting' is worked on through its snapshot's item.
        String work = snapshot
                ? "w.resource_id = t.id"
                : "(w.resource_id = t.id OR w.resource_id IN (SELECT s.id FROM snapshots s WHERE s.share_id = t.id))";
        String lockOwner = snapshot ? "t." + m.parentColumn() : "t.id";
        return jdbi.withHandle(h -> h.createQuery("SELECT t.id, t.status, " + lockOwner + " AS family FROM "
                        + m.table() + " t WHERE t.status IN (<states>) AND t.updated_at < :before AND NOT EXISTS "
                        + "(SELECT 1 FROM work_items w WHERE w.state = 'pending' AND " + work + ")")
                .bindList("states", transitional).bind("before", before)
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("status"), rs.getString("family")})
                .list());
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
            return transitions.locked(TransitionStore.lockName(family), actor, h ->
                    transitions.finishIfStill(h, m, id, op.get().name(), error, actor.toString(), message))
                    .map(applied -> m.resource() + "/" + id);
        } catch (RuntimeException e) {
            LOG.warn("cleanup could not move {} {}: {}", m.resource(), id, e.toString());
            return Optional.empty();
        }
    }
}
