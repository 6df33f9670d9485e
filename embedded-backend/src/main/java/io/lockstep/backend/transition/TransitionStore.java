package io.lockstep.backend.transition;

import io.lockstep.api.event.EventKind;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.LockLease;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.quota.QuotaLedger;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.request.TransitionConflict;
import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.OperationStyle;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.statemachine.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one transition primitive. Every status change of every resource goes through here: a
 * test-and-set on the status (plus the operation's guards on related rows) and its event, in the
 * same transaction, taken under the resource family's lock, which is released at commit and so never
 * held over a driver call. The rules come from the {@link StateMachine}; nothing here knows about
 * shares or snapshots. Thread-safe.
 */
public final class TransitionStore {

    private final Jdbi jdbi;
    private final Coordinator coordinator;
    private final EventLog events;
    private final StatusWriter writer;
    private final Clock clock;
    private final Duration lockTimeout;
    private final QuotaLedger quotas;

    public TransitionStore(Jdbi jdbi, Coordinator coordinator, EventLog events, StatusWriter writer, Clock clock,
                           Duration lockTimeout) {
        this.jdbi = jdbi;
        this.coordinator = coordinator;
        this.events = events;
        this.writer = writer;
        this.clock = clock;
        this.lockTimeout = lockTimeout;
        this.quotas = new QuotaLedger(clock);
    }

    /**
     * The lock that serialises changes to a resource family: the root of its parent chain (a share with
     * its snapshots and backups) names it. Read once, outside any transaction: a parent never changes.
     *
     * @throws ResourceNotFound if the resource (or a parent on the way up) does not exist
     */
    public String lockOf(StateMachine m, String id) {
        StateMachine at = m;
        String atId = id;
        while (at.parent().isPresent()) {
            StateMachine here = at;
            String hereId = atId;
            atId = jdbi.withHandle(h -> h.createQuery("SELECT " + here.parentColumn() + " FROM " + here.table()
                    + " WHERE id = :id").bind("id", hereId).mapTo(String.class).findOne())
                    .orElseThrow(() -> new ResourceNotFound(here.noun(), hereId));
            at = at.parent().get();
        }
        return familyLock(at, atId);
    }

    /** The leader of a live instance {@code id} of the instance kind {@code f}, if there is one. */
    public Optional<String> leaderOf(StateMachine f, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + f.parentColumn() + " FROM " + f.table()
                + " WHERE id = :id AND status <> :t").bind("id", id).bind("t", f.terminalState())
                .mapTo(String.class).findOne());
    }

    /** The lock a create of {@code m} takes: its parent's family, or a family of its own for a root. */
    public String lockOfNew(StateMachine m, String id, String parentId) {
        return m.parent().map(p -> lockOf(p, parentId)).orElseGet(() -> familyLock(m, id));
    }

    /** The family lock of the root resource {@code rootId}. */
    static String familyLock(StateMachine root, String rootId) {
        return root.resource() + "/" + rootId;
    }

    /** The id of the root resource a family lock guards, if {@code lockName} is one of {@code root}'s. */
    public static Optional<String> rootOfLock(StateMachine root, String lockName) {
        String prefix = familyLock(root, "");
        return lockName.startsWith(prefix) ? Optional.of(lockName.substring(prefix.length())) : Optional.empty();
    }

    /** {@link #locked(String, Holder, Function)} under the family lock of {@code m}'s resource {@code id}. */
    public <T> T locked(StateMachine m, String id, Holder holder, Function<Handle, T> work) {
        return locked(lockOf(m, id), holder, work);
    }

    /**
     * Takes the lock, runs {@code work} in one transaction and releases the lock after commit. A
     * {@link TransitionConflict} rolls everything back, is logged as a {@code rejected} event and is
     * rethrown.
     */
    public <T> T locked(String lockName, Holder holder, Function<Handle, T> work) {
        T result;
        try (LockLease ignored = coordinator.acquire(lockName, holder, lockTimeout)) {
            result = jdbi.inTransaction(work::apply);
        } catch (TransitionConflict conflict) {
            events.appendAlone(new NewEvent(EventKind.REJECTED, conflict.resourceType(), conflict.resourceId(),
                    conflict.projectId(), conflict.operation(), conflict.actual(), conflict.wanted(),
                    conflict.actor() != null ? conflict.actor() : holder.toString(), conflict.getMessage()));
            throw conflict;
        }
        events.committed();
        return result;
    }

    /**
     * Starts an ASYNC operation: from one of its allowed states (narrowed to {@code seen} when the
     * caller says what it saw) into its transitional state.
     */
    public Applied begin(Handle h, StateMachine m, String id, String operation, String actor, String seen,
                         Map<String, Object> sets) {
        Operation op = m.operation(operation);
        require(op.style() == OperationStyle.ASYNC, op);
        for (Guard.ParentIn p : guardsOf(op, Guard.ParentIn.class)) {
            requireParentIn(h, m, op, p, parentId(h, m, id), actor);
        }
        for (Guard.Latest ignored : guardsOf(op, Guard.Latest.class)) {
            requireLatest(h, m, op, id, actor);
        }
        Applied applied = change(h, m, id, op, narrow(op.from(), seen), op.via(), seen, actor, null, sets,
                op.guards());
        for (Guard.ParentOperation p : parentOperations(op)) {
            begin(h, p.parent(), parentId(h, m, id), p.operation(), actor, null, Map.of());
        }
        return applied;
    }

    /** {@link #begin(Handle, StateMachine, String, String, String, String, Map)} as the request asked. */
    public Applied begin(Handle h, OperationRequest r, Map<String, Object> sets) {
        return begin(h, r.machine(), r.id(), r.operation().name(), r.actor(), r.seen(), sets);
    }

    /**
     * Runs a request for a SET operation (reset_status) under the family lock: {@code status} must be
     * one the operation allows (400 naming them otherwise), {@code visible} may refuse the caller, then
     * the status is set from any allowed state, or as seen.
     */
    public Applied set(OperationRequest r, String status, Holder holder, Consumer<Handle> visible) {
        List<String> settable = r.operation().success();
        if (!settable.contains(status)) {
            String field = r.machine().wire() == null ? "status" : r.machine().wire().statusField();
            throw new InvalidRequest(field, "Invalid " + r.machine().noun() + " " + field + " '" + status + "': "
                    + r.operation().name() + " accepts " + settable + ".", settable);
        }
        return locked(r.machine(), r.id(), holder, h -> {
            visible.accept(h);
            return set(h, r.machine(), r.id(), r.operation().name(), status, r.actor(), r.seen());
        });
    }

    /** A SET operation (reset_status): from an allowed state straight to {@code target}. */
    public Applied set(Handle h, StateMachine m, String id, String operation, String target, String actor,
                       String seen) {
        return set(h, m, id, operation, target, actor, seen, Map.of());
    }

    /** {@link #set(Handle, StateMachine, String, String, String, String, String)}, setting columns too. */
    public Applied set(Handle h, StateMachine m, String id, String operation, String target, String actor,
                       String seen, Map<String, Object> sets) {
        Operation op = m.operation(operation);
        require(op.style() == OperationStyle.SET, op);
        if (!op.success().contains(target)) {
            throw new IllegalArgumentException(m.resource() + " status must be one of " + op.success());
        }
        return change(h, m, id, op, narrow(op.from(), seen), target, seen, actor, null, sets, op.guards());
    }

    /**
     * Ends an operation's transitional state in the state the machine gives {@code outcome}; a parent
     * operation it started ({@link Guard.ParentOperation}) ends with the same outcome, if still running.
     */
    public Applied finish(Handle h, StateMachine m, String id, String operation, Outcome outcome, String actor,
                          Map<String, Object> sets) {
        Operation op = m.operation(operation);
        Applied applied = change(h, m, id, op, Set.of(op.via()), op.stateFor(outcome), null, actor,
                outcome.message(), sets, List.of());
        releaseParent(h, m, id, operation, outcome, actor);
        return applied;
    }

    /** Like {@link #finish} but a resource that already left the transitional state is left alone. */
    public Optional<Applied> finishIfStill(Handle h, StateMachine m, String id, String operation, Outcome outcome,
                                           String actor) {
        return finishIfStill(h, m, id, operation, outcome, actor, Map.of());
    }

    /** {@link #finishIfStill(Handle, StateMachine, String, String, Outcome, String)}, setting columns too. */
    public Optional<Applied> finishIfStill(Handle h, StateMachine m, String id, String operation, Outcome outcome,
                                           String actor, Map<String, Object> sets) {
        Operation op = m.operation(operation);
        String to = op.stateFor(outcome);
        Runnable counting = counting(h, m, id, to, sets);
        StatusWriter.Outcome o = writer.write(h, m, id, Set.of(op.via()), List.of(), to, sets, clock.millis());
        if (o.changed()) {
            counting.run();
        }
        if (o.before() == null) {
            return Optional.empty();
        }
        releaseParent(h, m, id, operation, outcome, actor);
        if (!o.changed()) {
            return Optional.empty();
        }
        Applied applied = appendTransition(h, m, id, o, op, to, actor, outcome.message());
        endChildren(h, m, id, to, actor);
        return Optional.of(applied);
    }

    /**
     * Ends, if still running, the parent operation that {@code operation} started: on the child's
     * finish, or when the child's work was superseded (reset or force-deleted meanwhile).
     */
    public void releaseParent(Handle h, StateMachine m, String id, String operation, Outcome outcome, String actor) {
        List<Guard.ParentOperation> parents = parentOperations(m.operation(operation));
        if (parents.isEmpty()) {
            return;
        }
        String parentId = parentId(h, m, id);
        for (Guard.ParentOperation p : parents) {
            finishIfStill(h, p.parent(), parentId, p.operation(), outcome, actor);
        }
    }

    /**
     * A resource that reached its terminal state takes the kinds that end with it along, in the same
     * transaction: each live child moves to its terminal state by its declared parent-ends operation,
     * with its event.
     */
    private void endChildren(Handle h, StateMachine m, String id, String to, String actor) {
        if (!to.equals(m.terminalState())) {
            return;
        }
        for (StateMachine child : ResourceMachines.childrenOf(m)) {
            Optional<Operation> ends = child.parentEndsOperation();
            if (ends.isEmpty()) {
                continue;
            }
            List<String> live = h.createQuery("SELECT id FROM " + child.table() + " WHERE " + child.parentColumn()
                            + " = :p AND " + child.column() + " <> :t ORDER BY id")
                    .bind("p", id).bind("t", child.terminalState()).mapTo(String.class).list();
            for (String childId : live) {
                change(h, child, childId, ends.get(), ends.get().from(), child.terminalState(), null, actor,
                        "ended with its " + m.noun() + " " + id, Map.of("deleted_at", clock.millis()), List.of());
            }
        }
    }

    /**
     * A {@link Guard.ParentIn}: the parent's status is read (under the family lock the caller holds) and
     * must be one the guard names; otherwise the request is refused naming it, and nothing changes.
     */
    private static void requireParentIn(Handle h, StateMachine m, Operation op, Guard.ParentIn p, String parentId,
                                        String actor) {
        StateMachine parent = p.parent();
        Map<String, Object> row = h.createQuery("SELECT status, project_id FROM " + parent.table()
                        + " WHERE id = :id").bind("id", parentId).mapToMap().findOne()
                .orElseThrow(() -> new ResourceNotFound(parent.noun(), parentId));
        String status = (String) row.get("status");
        if (!p.states().contains(status)) {
            throw new TransitionConflict(parent.resource(), parentId, (String) row.get("project_id"),
                    m.resource() + "." + op.name(), p.ordered(), status, List.of(), null,
                    "Cannot " + op.name() + " " + m.noun() + " of " + parent.resource() + " " + parentId
                            + ": its status is '" + status + "'; " + op.name() + " needs it "
                            + String.join(" or ", p.ordered()) + ".").by(actor);
        }
    }

    /** A {@link Guard.SourceIn}: the resource it is made from is in an allowed state, read under its lock. */
    private static void requireSourceIn(Handle h, StateMachine m, Operation op, Guard.SourceIn g, String sourceId,
                                        String actor) {
        Map<String, Object> row = h.createQuery("SELECT status, project_id FROM " + g.table() + " WHERE id = :id")
                .bind("id", sourceId).mapToMap().findOne().orElseThrow(() -> new ResourceNotFound(g.resource(),
                        String.valueOf(sourceId)));
        String status = (String) row.get("status");
        if (!g.states().contains(status)) {
            List<String> ordered = g.states().stream().sorted().toList();
            throw new TransitionConflict(g.resource(), sourceId, (String) row.get("project_id"),
                    m.resource() + "." + op.name(), ordered, status, List.of(), null, "Cannot " + op.name().replace('_',
                    ' ') + " " + sourceId + ": its status is '" + status + "'; it must be " + String.join(" or ",
                    ordered) + ".").by(actor);
        }
    }

    /** A {@link Guard.Latest}: the newest live one of its kind under its parent, read under the family lock. */
    private static void requireLatest(Handle h, StateMachine m, Operation op, String id, String actor) {
        String parentId = parentId(h, m, id);
        Map<String, Object> latest = h.createQuery("SELECT id, status, project_id FROM " + m.table() + " WHERE "
                        + m.parentColumn() + " = :p AND status <> :t ORDER BY created_at DESC, id DESC")
                .bind("p", parentId).bind("t", m.terminalState()).setMaxRows(1).mapToMap().findFirst().orElseThrow();
        if (!id.equals(latest.get("id"))) {
            String status = h.createQuery("SELECT status FROM " + m.table() + " WHERE id = :id").bind("id", id)
                    .mapTo(String.class).one();
            throw new TransitionConflict(m.resource(), id, (String) latest.get("project_id"), op.name(),
                    List.copyOf(op.from()), status, List.of((String) latest.get("id")), op.via(), "Cannot " + op.name()
                    + " to " + m.noun() + " " + id + ": only the latest " + m.noun() + " of its "
                    + m.parent().orElseThrow().noun() + " can be used, and that is " + latest.get("id") + ".")
                    .by(actor);
        }
    }

    /** A {@link Guard.Unique}: no live sibling with the same values, read under the family lock. */
    private static void requireUnique(Handle h, StateMachine m, Guard.Unique u, String parentId,
                                      Map<String, Object> columns) {
        StringBuilder sql = new StringBuilder("SELECT id, status FROM " + m.table() + " WHERE " + m.parentColumn()
                + " = :p AND status <> :t");
        u.columns().forEach(c -> sql.append(" AND ").append(c).append(" = :").append(c));
        var q = h.createQuery(sql.toString()).bind("p", parentId).bind("t", m.terminalState());
        u.columns().forEach(c -> q.bind(c, columns.get(c)));
        q.mapToMap().findFirst().ifPresent(existing -> {
            List<String> values = u.columns().stream().map(c -> String.valueOf(columns.get(c))).toList();
            throw new InvalidRequest(u.columns().get(u.columns().size() - 1), capitalized(m.noun()) + " "
                    + String.join(":", values) + " exists: " + existing.get("id") + " is " + existing.get("status")
                    + ".");
        });
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static <G extends Guard> List<G> guardsOf(Operation op, Class<G> kind) {
        return op.guards().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static List<Guard.ParentOperation> parentOperations(Operation op) {
        return op.guards().stream().filter(Guard.ParentOperation.class::isInstance)
                .map(Guard.ParentOperation.class::cast).toList();
    }

    private static String parentId(Handle h, StateMachine m, String id) {
        return h.createQuery("SELECT " + m.parentColumn() + " FROM " + m.table() + " WHERE id = :id")
                .bind("id", id).mapTo(String.class).findOne()
                .orElseThrow(() -> new ResourceNotFound(m.noun(), id));
    }

    /**
     * Inserts a resource in the CREATE operation's transitional state. A {@link Guard.ParentOperation}
     * begins the parent's operation first, so its rules gate the create.
     */
    public Applied create(Handle h, StateMachine m, String id, String projectId, Map<String, Object> columns,
                          String actor) {
        Operation op = m.createOperation().orElseThrow(() -> new IllegalArgumentException(m.resource()
                + " has no create"));
        return create(h, m, op.name(), id, projectId, columns, actor);
    }

    /** Inserts a resource by the named CREATE operation (a share made from a snapshot). */
    public Applied create(Handle h, StateMachine m, String operation, String id, String projectId,
                          Map<String, Object> columns, String actor) {
        Operation op = m.operation(operation);
        require(op.style() == OperationStyle.CREATE, op);
        String parentId = m.parent().isPresent() ? (String) columns.get(m.parentColumn()) : null;
        for (Guard g : op.guards()) {
            if (g instanceof Guard.ParentOperation p) {
                begin(h, p.parent(), parentId, p.operation(), actor, null, Map.of());
            } else if (g instanceof Guard.ParentIn p) {
                requireParentIn(h, m, op, p, parentId, actor);
            } else if (g instanceof Guard.Unique u) {
                requireUnique(h, m, u, parentId, columns);
            } else if (g instanceof Guard.SourceIn source) {
                requireSourceIn(h, m, op, source, (String) columns.get(source.column()), actor);
            }
        }
        long now = clock.millis();
        Map<String, Object> row = new LinkedHashMap<>(columns);
        row.put("id", id);
        row.put("project_id", projectId);
        row.put("status", op.via());
        row.put("version", 0L);
        row.put("created_at", now);
        row.put("updated_at", now);
        List<StateMachine> onRow = ResourceMachines.onRowOf(m);
        for (StateMachine c : onRow) {
            row.put(c.column(), madeWith(c, op).via());
        }
        String sql = "INSERT INTO " + m.table() + " (" + String.join(", ", row.keySet()) + ") VALUES (:"
                + String.join(", :", row.keySet()) + ")";
        var insert = h.createUpdate(sql);
        row.forEach(insert::bind);
        insert.execute();
        QuotaLedger.counted(h, m, id).ifPresent(c -> quotas.charge(h, m, c));
        long eventId = events.append(h, new NewEvent(EventKind.TRANSITION, m.resource(), id, projectId, op.name(),
                null, op.via(), actor, null).withRow(compactRow(h, m, id)));
        for (StateMachine c : onRow) {
            Operation made = madeWith(c, op);
            events.append(h, new NewEvent(EventKind.TRANSITION, c.resource(), id, projectId, made.name(), null,
                    made.via(), actor, null).withRow(compactRow(h, c, id)));
        }
        for (StateMachine f : ResourceMachines.followersOf(m)) {
            insertInstance(h, f, UUID.randomUUID().toString(), id, projectId, op.name(), null, op.via(), actor, now);
        }
        return new Applied(m.resource(), id, projectId, op.name(), null, op.via(), eventId);
    }

    /** The create of a second machine on {@code host}'s row that {@code hostCreate} makes, by its made_by trigger. */
    private static Operation madeWith(StateMachine onRow, Operation hostCreate) {
        return onRow.operations().stream().filter(o -> o.trigger() instanceof Trigger.MadeBy by
                        && by.operation().equals(hostCreate.name())).findFirst()
                .orElseThrow(() -> new IllegalStateException(onRow.resource() + " declares no create made by "
                        + hostCreate.name()));
    }

    private Applied change(Handle h, StateMachine m, String id, Operation op, Set<String> allowed, String to,
                           String seen, String actor, String message, Map<String, Object> sets, List<Guard> guards) {
        Runnable counting = counting(h, m, id, to, sets);
        StatusWriter.Outcome o = writer.write(h, m, id, allowed, rowGuards(guards), to, sets, clock.millis());
        if (o.changed()) {
            counting.run();
        }
        if (o.before() == null) {
            throw new ResourceNotFound(m.resource(), id);
        }
        if (!o.changed()) {
            throw conflict(h, m, id, op, o, to, seen).by(actor);
        }
        Applied applied = appendTransition(h, m, id, o, op, to, actor, message);
        endChildren(h, m, id, to, actor);
        return applied;
    }

    /**
     * What a change does to quota usage, read before it is written and run only if it is: reaching the
     * terminal state stops counting the resource; a smaller size gives the difference back (a bigger
     * one was charged when the operation began).
     */
    private Runnable counting(Handle h, StateMachine m, String id, String to, Map<String, Object> sets) {
        if (m.usage().isEmpty()) {
            return () -> { };
        }
        Object newSize = sets.get(m.usage().get().sizeColumn());
        boolean ends = to.equals(m.terminalState());
        if (!ends && !(newSize instanceof Number)) {
            return () -> { };
        }
        Optional<QuotaLedger.Counted> before = QuotaLedger.counted(h, m, id);
        if (before.isEmpty()) {
            return () -> { };
        }
        QuotaLedger.Counted c = before.get();
        if (ends) {
            return () -> quotas.release(h, m, c);
        }
        int shrunk = c.size() - ((Number) newSize).intValue();
        return () -> quotas.releaseGigabytes(h, m, c, shrunk);
    }

    /**
     * Records, in the caller's transaction, that fields of a resource other than its status changed (a
     * rename, its visibility, its metadata): one {@code change} event with the row as it is now, so
     * consoles keep up without asking again.
     */
    public void changed(Handle h, StateMachine m, String id, String operation, String actor, String message) {
        Map<String, Object> row = h.createQuery("SELECT project_id, status FROM " + m.table() + " WHERE id = :id")
                .bind("id", id).mapToMap().one();
        String status = (String) row.get("status");
        events.append(h, new NewEvent(EventKind.CHANGE, m.resource(), id, (String) row.get("project_id"), operation,
                status, status, actor, message).withRow(compactRow(h, m, id)));
    }

    /** The quota ledger transitions count with, for operations that charge before they begin (extend). */
    public QuotaLedger quotas() {
        return quotas;
    }

    private Applied appendTransition(Handle h, StateMachine m, String id, StatusWriter.Outcome o, Operation op,
                                     String to, String actor, String message) {
        long eventId = events.append(h, new NewEvent(EventKind.TRANSITION, m.resource(), id, o.projectId(),
                op.name(), o.before(), to, actor, message).withRow(compactRow(h, m, id)));
        for (StateMachine f : ResourceMachines.followersOf(m)) {
            follow(h, f, id, o.projectId(), op.name(), o.before(), to, actor, message);
        }
        return new Applied(m.resource(), id, o.projectId(), op.name(), o.before(), to, eventId);
    }

    /**
     * Writes the leader's new status to its live instances, each with its event. They were in the leader's
     * old status: the primitive is their only writer, always with their leader, under its family lock.
     */
    private void follow(Handle h, StateMachine f, String leaderId, String projectId, String operation, String from,
                        String to, String actor, String message) {
        // an instance on a secondary replica keeps its own status until its leader ends
        String following = " = :l AND status <> :t AND (on_secondary = FALSE OR :to = :t)";
        List<String> live = h.createQuery("SELECT id FROM " + f.table() + " WHERE " + f.parentColumn()
                        + following + " ORDER BY id").bind("l", leaderId).bind("t", f.terminalState())
                .bind("to", to).mapTo(String.class).list();
        if (live.isEmpty()) {
            return;
        }
        h.createUpdate("UPDATE " + f.table() + " SET status = :to, updated_at = :now, version = version + 1 WHERE "
                        + f.parentColumn() + following).bind("to", to).bind("now", clock.millis())
                .bind("l", leaderId).bind("t", f.terminalState()).execute();
        for (String instance : live) {
            events.append(h, new NewEvent(EventKind.TRANSITION, f.resource(), instance, projectId, operation, from, to,
                    actor, message));
        }
    }

    /**
     * Inserts an instance of {@code leaderId} on a secondary copy of its parent's instance (a snapshot's on
     * a share's secondary replica), in its create's starting state, with its event: it keeps its own status
     * (moved by the replication poll) until the leader ends.
     */
    public String insertSecondary(Handle h, StateMachine f, String leaderId, String onColumn, String onId,
                                  String projectId, String actor) {
        String id = UUID.randomUUID().toString();
        String status = f.createOperation().orElseThrow().via();
        long now = clock.millis();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put(f.parentColumn(), leaderId);
        row.put(onColumn, onId);
        row.put("project_id", projectId);
        row.put("status", status);
        row.put("on_secondary", true);
        row.put("version", 0L);
        row.put("created_at", now);
        row.put("updated_at", now);
        var insert = h.createUpdate("INSERT INTO " + f.table() + " (" + String.join(", ", row.keySet())
                + ") VALUES (:" + String.join(", :", row.keySet()) + ")");
        row.forEach(insert::bind);
        insert.execute();
        events.append(h, new NewEvent(EventKind.TRANSITION, f.resource(), id, projectId,
                f.createOperation().orElseThrow().name(), null, status, actor, "on replica " + onId));
        return id;
    }

    /**
     * Inserts an instance of a leader with its event. An instance of a child (a snapshot's) names the
     * instance of the child's parent it lives on (the share's), by that kind's {@code <resource>_id}.
     */
    private void insertInstance(Handle h, StateMachine f, String id, String leaderId, String projectId,
                                String operation, String before, String status, String actor, long now) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put(f.parentColumn(), leaderId);
        row.put("project_id", projectId);
        row.put("status", status);
        row.put("version", 0L);
        row.put("created_at", now);
        row.put("updated_at", now);
        StateMachine leader = f.leader().orElseThrow();
        for (StateMachine on : leader.parent().map(ResourceMachines::followersOf).orElse(List.of())) {
            String parentId = parentId(h, leader, leaderId);
            row.put(on.resource() + "_id", h.createQuery("SELECT id FROM " + on.table() + " WHERE "
                            + on.parentColumn() + " = :p AND status <> :t ORDER BY created_at DESC, id")
                    .bind("p", parentId).bind("t", on.terminalState()).setMaxRows(1).mapTo(String.class)
                    .findFirst().orElse(null));
        }
        var insert = h.createUpdate("INSERT INTO " + f.table() + " (" + String.join(", ", row.keySet())
                + ") VALUES (:" + String.join(", :", row.keySet()) + ")");
        row.forEach(insert::bind);
        insert.execute();
        events.append(h, new NewEvent(EventKind.TRANSITION, f.resource(), id, projectId, operation, before, status,
                actor, null));
    }

    /**
     * A completed migration's destination becomes the leader's instance, in the caller's transaction:
     * the live instances end by {@code replaced}, {@code newId} is inserted by {@code created} and moved on
     * to the leader's status; instances of the leader's children move onto it.
     */
    public void replaceInstance(Handle h, StateMachine f, String leaderId, String newId, String replaced,
                                String created, String actor) {
        StateMachine leader = f.leader().orElseThrow();
        Map<String, Object> now = h.createQuery("SELECT status, project_id FROM " + leader.table()
                + " WHERE id = :id").bind("id", leaderId).mapToMap().one();
        String status = (String) now.get("status");
        String projectId = (String) now.get("project_id");
        List<String> old = h.createQuery("SELECT id FROM " + f.table() + " WHERE " + f.parentColumn()
                        + " = :l AND status <> :t ORDER BY id").bind("l", leaderId).bind("t", f.terminalState())
                .mapTo(String.class).list();
        Operation ends = f.operation(replaced);
        for (String instance : old) {
            change(h, f, instance, ends, ends.from(), f.terminalState(), null, actor, "replaced by " + newId,
                    Map.of(), List.of());
        }
        // the destination's row is born now: its creation and its success are two events of this commit
        // (while the migration ran it was shown from the job), so its history starts where every row's does
        Operation made = f.operation(created);
        insertInstance(h, f, newId, leaderId, projectId, created, null, made.via(), actor, clock.millis());
        h.createUpdate("UPDATE " + f.table() + " SET status = :to, version = version + 1 WHERE id = :id")
                .bind("to", status).bind("id", newId).execute();
        events.append(h, new NewEvent(EventKind.TRANSITION, f.resource(), newId, projectId, created, made.via(),
                status, actor, null));
        if (old.isEmpty()) {
            return;
        }
        for (StateMachine child : ResourceMachines.childrenOf(leader)) {
            for (StateMachine childInstance : ResourceMachines.followersOf(child)) {
                h.createUpdate("UPDATE " + childInstance.table() + " SET " + f.resource() + "_id = :n WHERE "
                        + f.resource() + "_id IN (<old>)").bind("n", newId).bindList("old", old).execute();
            }
        }
    }

    /** The row as the change left it, in the columns the machine declares, for the event to carry. */
    private static Map<String, Object> compactRow(Handle h, StateMachine m, String id) {
        if (m.rowColumns().isEmpty()) {
            return null;
        }
        List<String> columns = new ArrayList<>(m.rowColumns());
        columns.add("project_id");
        columns.add("created_at");
        m.parent().ifPresent(p -> columns.add(m.parentColumn()));
        return h.createQuery("SELECT " + String.join(", ", columns) + " FROM " + m.table() + " WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String c : m.rowColumns()) {
                        row.put(c, rs.getObject(c));
                    }
                    row.put("project_id", rs.getString("project_id"));
                    row.put("created_at", java.time.Instant.ofEpochMilli(rs.getLong("created_at")).toString());
                    if (m.parent().isPresent()) {
                        row.put("parent_id", rs.getString(m.parentColumn()));
                    }
                    return row;
                }).findOne().orElse(null);
    }

    private static TransitionConflict conflict(Handle h, StateMachine m, String id, Operation op,
                                               StatusWriter.Outcome o, String to, String seen) {
        List<String> expected = m.states().stream().map(s -> s.name()).filter(op.from()::contains).toList();
        if (op.style() != OperationStyle.ASYNC && op.style() != OperationStyle.SET || expected.isEmpty()) {
            expected = List.of(op.via());
        }
        String what = m.resource() + " " + id;
        String message;
        List<Guard.NoReferrers> referrers = guardsOf(op, Guard.NoReferrers.class);
        // a guard over every live state of the referrer (shares on a server) reads as live children do
        referrers = referrers.stream().filter(g -> ResourceMachines.byResource(g.resource())
                .map(r -> !g.states().equals(r.liveStates())).orElse(true)).toList();
        if (!o.blockers().isEmpty() && !referrers.isEmpty()
                && ConditionalStatusWriter.blockersByResource(h, id, List.copyOf(referrers)).size() > 0) {
            Guard.NoReferrers g = referrers.get(0);
            message = "Cannot " + op.name() + " " + what + ": " + g.resource() + " " + o.blockers()
                    + " is being made from it (" + String.join(" or ", g.states()) + "); wait until it is done.";
        } else if (!o.blockers().isEmpty() && o.blockers().contains(id)) {
            Guard.ColumnNotIn g = guardsOf(op, Guard.ColumnNotIn.class).get(0);
            String value = h.createQuery("SELECT " + g.stateColumn() + " FROM " + m.table() + " WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one();
            message = "Cannot " + op.name() + " " + what + ": its " + g.stateColumn() + " is '" + value + "'; "
                    + op.name() + " is refused while it is " + String.join(" or ", g.states().stream().sorted()
                    .toList()) + ".";
        } else if (!o.blockers().isEmpty()) {
            List<String> named = new ArrayList<>();
            ConditionalStatusWriter.blockersByResource(h, id, rowGuards(op.guards()))
                    .forEach((resource, ids) -> named.add(ids.size() + " live " + resource + (ids.size() == 1 ? "" : "s")
                            + " " + ids));
            message = "Cannot " + op.name() + " " + what + ": it has " + String.join(" and ", named)
                    + " (not deleted); delete " + (o.blockers().size() == 1 ? "it" : "them") + " first.";
        } else if (seen != null && !seen.equals(o.before())) {
            message = what + " has moved on: you saw '" + seen + "', it is now '" + o.before() + "'.";
        } else {
            message = "Cannot " + op.name() + " " + what + ": its status is '" + o.before() + "'; "
                    + op.name() + " needs one of " + expected + ".";
        }
        return new TransitionConflict(m.resource(), id, o.projectId(), op.name(), expected, o.before(),
                o.blockers(), to, message);
    }

    private static List<Guard.RowGuard> rowGuards(List<Guard> guards) {
        return guards.stream().filter(Guard.RowGuard.class::isInstance).map(Guard.RowGuard.class::cast)
                .toList();
    }

    private static Set<String> narrow(Set<String> from, String seen) {
        if (seen == null) {
            return from;
        }
        Set<String> narrowed = new LinkedHashSet<>(from);
        narrowed.retainAll(Set.of(seen));
        return narrowed;
    }

    private static void require(boolean ok, Operation op) {
        if (!ok) {
            throw new IllegalArgumentException(op.name() + " is a " + op.style() + " operation");
        }
    }

    /** Resources in a transitional state right now, for "is the system quiet" checks. */
    public List<String> inTransitionalStates(StateMachine m) {
        List<String> transitional = new ArrayList<>(m.statesOfKind(io.lockstep.api.statemachine.StateKind.TRANSITIONAL));
        if (transitional.isEmpty()) {
            return List.of(); // a machine with no transitional state (a replica's replica_state)
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM " + m.table() + " WHERE " + m.column() + " IN (<s>)")
                .bindList("s", transitional).mapTo(String.class).list());
    }
}
