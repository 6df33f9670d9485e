package io.lockstep.backend.job;

import static io.lockstep.backend.statemachine.ResourceMachines.JOB;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.db.Database;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.OperationStyle;
import io.lockstep.backend.transition.ConditionalStatusWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The jobs table. Every write by a data service is a test-and-set on the owner (and the lease for a
 * claim), so a service that lost its job writes nothing more; every status change and every claim
 * is an event. Progress writes are the caller's to throttle. Thread-safe.
 */
public final class JobStore {

    // The statuses, by their roles in the job machine (declared in ResourceMachines.JOB, nowhere else).
    public static final String QUEUED = JOB.createOperation().orElseThrow().via();
    public static final String RUNNING = JOB.operation("claim").via();
    public static final String CANCELLING = JOB.operation("cancel").via();
    public static final String SUCCEEDED = JOB.operation("claim").successState();
    public static final String FAILED = JOB.operation("give_up").success().get(0);
    public static final String CANCELLED = JOB.terminalState();
    /** A job not yet over: someone has (or will have) work in it. */
    public static final List<String> LIVE = List.copyOf(JOB.statesOfKind(StateKind.TRANSITIONAL));
    /** A job someone holds: its holder renews the lease and writes progress. */
    static final List<String> HELD = List.of(RUNNING, CANCELLING);
    /** Progress points kept per job for charts. */
    static final int HISTORY = 300;

    /** What a new job is about. */
    public record NewJob(String kind, String projectId, String resourceType, String resourceId, String target,
                         String params, long bytesTotal, String phase, int maxAttempts) {
    }

    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final EventLog events;
    private final Clock clock;
    private final ConditionalStatusWriter writer = new ConditionalStatusWriter();

    public JobStore(Jdbi jdbi, Database.Dialect dialect, EventLog events, Clock clock) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.events = events;
        this.clock = clock;
    }

    /** Runs {@code body} in one transaction of the jobs' database. */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> body) {
        return jdbi.inTransaction(body);
    }

    public Clock clock() {
        return clock;
    }

    /** Queues a job in the caller's transaction (the one that moved its resource). */
    public String create(Handle h, NewJob j, String actor) {
        if (!JobMachine.kind(j.kind()).first().contains(j.phase())) {
            throw new IllegalStateException("a " + j.kind() + " job starts in one of "
                    + JobMachine.kind(j.kind()).first() + ", not " + j.phase());
        }
        String id = UUID.randomUUID().toString();
        long now = clock.millis();
        h.createUpdate("""
                        INSERT INTO jobs (id, kind, status, phase, claimable, project_id, resource_type, resource_id,
                            target, params, bytes_done, bytes_total, rate_bps, checkpoint, owner, lease_expires_at,
                            attempt, max_attempts, error, version, created_at, updated_at)
                        VALUES (:id, :kind, :queued, :phase, TRUE, :project, :type, :resource, :target, :params, 0,
                            :total, 0, 0, NULL, 0, 0, :max, NULL, 0, :now, :now)""")
                .bind("id", id).bind("queued", QUEUED).bind("kind", j.kind()).bind("phase", j.phase()).bind("project", j.projectId())
                .bind("type", j.resourceType()).bind("resource", j.resourceId()).bind("target", j.target())
                .bind("params", j.params()).bind("total", j.bytesTotal()).bind("max", j.maxAttempts())
                .bind("now", now).execute();
        event(h, new NewEvent(EventKind.TRANSITION, JOB.resource(), id, j.projectId(), j.kind(), null, QUEUED, actor,
                j.kind() + " of " + j.resourceType() + " " + j.resourceId()));
        return id;
    }

    /**
     * Claims the oldest job with work to do whose lease ran out (or that nobody had), for {@code owner}.
     * The claim, and the hand-off from a previous holder, are events; the previous attempt is closed.
     */
    public Optional<JobRow> claim(String owner, Duration lease) {
        long now = clock.millis();
        String select = "SELECT id FROM jobs WHERE claimable = TRUE AND status IN (<live>)"
                + " AND lease_expires_at < :now ORDER BY created_at LIMIT 8"
                + (dialect == Database.Dialect.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "");
        Optional<JobRow> claimed = jdbi.inTransaction(h -> {
            for (String id : h.createQuery(select).bind("now", now).bindList("live", LIVE).mapTo(String.class).list()) {
                JobRow before = load(h, id).orElse(null);
                if (before == null) {
                    continue;
                }
                int n = h.createUpdate("""
                                UPDATE jobs SET owner = :owner, lease_expires_at = :until, attempt = attempt + 1,
                                    started_at = COALESCE(started_at, :now), updated_at = :now, version = version + 1
                                WHERE id = :id AND claimable = TRUE AND lease_expires_at < :now
                                  AND status IN (<live>)""")
                        .bind("owner", owner).bind("until", now + lease.toMillis()).bind("now", now).bind("id", id)
                        .bindList("live", LIVE).execute();
                if (n != 1) {
                    continue;
                }
                if (before.status().equals(QUEUED)) {
                    // queued -> running through the machine's test-and-set, fenced by the claim just made
                    Operation claim = JOB.operation("claim");
                    writer.write(h, JOB, id, claim.from(), List.of(), Map.of("owner", owner), claim.via(), Map.of(),
                            now);
                }
                JobRow after = load(h, id).orElseThrow();
                closeAttempt(h, before, before.owner() == null ? "released" : "lease expired", now);
                h.createUpdate("""
                                INSERT INTO job_attempts (job_id, attempt, owner, started_at, from_bytes)
                                VALUES (:id, :attempt, :owner, :now, :from)""")
                        .bind("id", id).bind("attempt", after.attempt()).bind("owner", owner).bind("now", now)
                        .bind("from", after.checkpoint()).execute();
                if (before.status().equals(QUEUED)) {
                    event(h, new NewEvent(EventKind.TRANSITION, JOB.resource(), id, after.projectId(), after.kind(),
                            QUEUED, RUNNING, owner, "claimed"));
                }
                String how = before.owner() != null
                        ? "handed over from " + before.owner() + " (lease expired) at " + after.checkpoint() + " bytes"
                        : after.checkpoint() > 0 ? "resumed at " + after.checkpoint() + " bytes" : "claimed";
                event(h, new NewEvent(EventKind.JOB, JOB.resource(), id, after.projectId(), "claim", before.owner(),
                        owner, owner, how + ", attempt " + after.attempt()));
                return Optional.of(after);
            }
            return Optional.<JobRow>empty();
        });
        claimed.ifPresent(j -> events.committed());
        return claimed;
    }

    private static void closeAttempt(Handle h, JobRow before, String outcome, long now) {
        if (before.attempt() > 0) {
            h.createUpdate("""
                            UPDATE job_attempts SET ended_at = :now, to_bytes = :bytes, outcome = :outcome
                            WHERE job_id = :id AND attempt = :attempt AND ended_at IS NULL""")
                    .bind("now", now).bind("bytes", before.checkpoint()).bind("outcome", outcome)
                    .bind("id", before.id()).bind("attempt", before.attempt()).execute();
        }
    }

    /** Appends {@code e} with the job's row as the change left it, so that no reader asks again. */
    private void event(Handle h, NewEvent e) {
        events.append(h, e.withRow(load(h, e.resourceId()).map(JobStore::compactRow).orElse(null)));
    }

    /** The job as the Jobs page lists it. */
    static Map<String, Object> compactRow(JobRow j) {
        return ROW.convertValue(JobRoutes.view(j), new TypeReference<Map<String, Object>>() { });
    }

    private static final ObjectMapper ROW = new ObjectMapper();
    /** Progress reaches the event stream at most this often per job (the table has every point). */
    static final long PROGRESS_EVENT_MS = 1000;
    private final Map<String, Long> lastProgressEvent = new ConcurrentHashMap<>();

    /** Extends the lease; false once the owner lost the job. */
    public boolean renew(String id, String owner, Duration lease) {
        long now = clock.millis();
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE jobs SET lease_expires_at = :until WHERE id = :id AND owner = :owner
                          AND status IN (<held>)""")
                .bind("until", now + lease.toMillis()).bind("id", id).bind("owner", owner).bindList("held", HELD)
                .execute() == 1);
    }

    /**
     * Records progress and the checkpoint, fenced by owner and a running status: false means stop
     * (the job was taken over, or is being cancelled).
     */
    public boolean progress(String id, String owner, long bytesDone, long checkpoint, long rateBps) {
        long now = clock.millis();
        boolean[] announced = {false};
        boolean written = jdbi.inTransaction(h -> {
            int n = h.createUpdate("""
                            UPDATE jobs SET bytes_done = :done, checkpoint = :checkpoint, rate_bps = :rate,
                                updated_at = :now WHERE id = :id AND owner = :owner AND status = :running""")
                    .bind("running", RUNNING).bind("done", bytesDone).bind("checkpoint", checkpoint)
                    .bind("rate", rateBps).bind("now", now).bind("id", id).bind("owner", owner).execute();
            if (n == 1) {
                h.createUpdate("INSERT INTO job_progress (job_id, at, bytes_done, rate_bps, owner) "
                                + "VALUES (:id, :now, :done, :rate, :owner)")
                        .bind("id", id).bind("now", now).bind("done", bytesDone).bind("rate", rateBps)
                        .bind("owner", owner).execute();
                Long last = lastProgressEvent.get(id);
                if (last == null || now - last >= PROGRESS_EVENT_MS || bytesDone >= totalOf(h, id)) {
                    lastProgressEvent.put(id, now);
                    JobRow j = load(h, id).orElseThrow();
                    event(h, new NewEvent(EventKind.JOB, JOB.resource(), id, j.projectId(), "progress", null, null,
                            owner, percent(j)));
                    announced[0] = true;
                }
                h.createUpdate("DELETE FROM job_progress WHERE job_id = :id AND at < (SELECT MIN(at) FROM "
                                + "(SELECT at FROM job_progress WHERE job_id = :id ORDER BY at DESC LIMIT " + HISTORY
                                + ") newest)")
                        .bind("id", id).execute();
            }
            return n == 1;
        });
        if (announced[0]) {
            events.committed();
        }
        return written;
    }

    /**
     * Moves the job to a new phase in the caller's transaction, fenced by owner; false if lost. Whether
     * the phase is claimable comes from {@link JobMachine}; the change is a {@code job} event.
     */
    public boolean phase(Handle h, String id, String owner, String phase) {
        JobRow before = load(h, id).orElse(null);
        return before != null && owner.equals(before.owner()) && setPhase(h, before, phase, owner);
    }

    /**
     * An operator's step of a job nobody holds (one waiting for the operator), in the caller's
     * transaction; false if someone holds it or it changed.
     */
    public boolean advance(Handle h, String id, String phase, String actor) {
        JobRow before = load(h, id).orElse(null);
        return before != null && before.owner() == null && setPhase(h, before, phase, actor);
    }

    /** Fenced by the version read: a claim, release or status change in between makes it fail. */
    private boolean setPhase(Handle h, JobRow before, String phase, String actor) {
        JobMachine.checkPhase(before.kind(), before.phase(), phase);
        int n = h.createUpdate("""
                        UPDATE jobs SET phase = :phase, claimable = :claimable, updated_at = :now,
                            version = version + 1 WHERE id = :id AND version = :version""")
                .bind("phase", phase).bind("claimable", JobMachine.kind(before.kind()).phase(phase).claimable())
                .bind("now", clock.millis()).bind("id", before.id()).bind("version", before.version()).execute();
        if (n == 1) {
            phaseEvent(h, before, phase, actor);
        }
        return n == 1;
    }

    private void phaseEvent(Handle h, JobRow before, String phase, String actor) {
        if (!phase.equals(before.phase())) {
            event(h, new NewEvent(EventKind.JOB, JOB.resource(), before.id(), before.projectId(), "phase",
                    before.phase(), phase, actor, JobMachine.kind(before.kind()).phase(phase).description()));
        }
    }

    /**
     * The copy is done: the job waits for the operator (migration) or ends (backup, restore). Fenced
     * by owner; the owner lets go so nobody claims it again.
     */
    public boolean copied(Handle h, JobRow j, String owner, String phase, String status) {
        JobRow before = load(h, j.id()).orElse(null);
        if (before == null || !owner.equals(before.owner()) || !before.status().equals(RUNNING)) {
            return false;
        }
        Operation claim = JOB.operation("claim");
        if (!status.equals(RUNNING) && !claim.success().contains(status)) {
            throw new IllegalStateException("a copied job stays " + RUNNING + " or ends in " + claim.success()
                    + ", not " + status);
        }
        JobMachine.checkPhase(j.kind(), before.phase(), phase);
        long now = clock.millis();
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("phase", phase);
        sets.put("claimable", false);
        sets.put("owner", null);
        sets.put("bytes_done", before.bytesTotal());
        sets.put("checkpoint", before.bytesTotal());
        sets.put("finished_at", status.equals(RUNNING) ? null : now);
        int n = writer.write(h, JOB, j.id(), Set.of(claim.via()), List.of(), Map.of("owner", owner), status, sets,
                now).changed() ? 1 : 0;
        if (n == 1) {
            phaseEvent(h, before, phase, owner);
            closeAttempt(h, j, "copied", now);
            h.createUpdate("UPDATE job_attempts SET to_bytes = :total WHERE job_id = :id AND attempt = :attempt")
                    .bind("total", j.bytesTotal()).bind("id", j.id()).bind("attempt", j.attempt()).execute();
            if (!status.equals(RUNNING)) {
                event(h, new NewEvent(EventKind.TRANSITION, JOB.resource(), j.id(), j.projectId(), j.kind(), RUNNING,
                        status, owner, phase));
            }
        }
        return n == 1;
    }

    /**
     * Ends a job in {@code status} from one of {@code from}, in the caller's transaction. {@code owner}
     * null means whoever holds it (an operator's cancel); else fenced by owner.
     */
    public boolean end(Handle h, String id, List<String> from, String status, String phase, String owner,
                       String error, String actor) {
        JobRow before = load(h, id).orElse(null);
        if (before == null || !from.contains(before.status()) || owner != null && !owner.equals(before.owner())) {
            return false;
        }
        Operation op = ending(status);
        Set<String> allowed = new LinkedHashSet<>(from);
        allowed.retainAll(op.style() == OperationStyle.SET ? op.from() : Set.of(op.via()));
        JobMachine.checkPhase(before.kind(), before.phase(), phase);
        long now = clock.millis();
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("phase", phase);
        sets.put("claimable", false);
        sets.put("owner", null);
        sets.put("error", error);
        sets.put("finished_at", now);
        int n = !allowed.isEmpty() && writer.write(h, JOB, id, allowed, List.of(), Map.of("version", before.version()),
                status, sets, now).changed() ? 1 : 0;
        if (n != 1) {
            return false;
        }
        closeAttempt(h, before, status, now);
        phaseEvent(h, before, phase, actor);
        event(h, new NewEvent(EventKind.TRANSITION, JOB.resource(), id, before.projectId(), before.kind(),
                before.status(), status, actor, error != null ? error : phase));
        return true;
    }

    /** The job machine's operation that ends a job in {@code status}. */
    private static Operation ending(String status) {
        return JOB.operations().stream()
                .filter(o -> o.style() == OperationStyle.SET ? o.success().contains(status)
                        : o.style() == OperationStyle.ASYNC && o.from().contains(QUEUED) && o.success().contains(status))
                .findFirst().orElseThrow(() -> new IllegalStateException("no job operation ends in " + status));
    }

    /** Asks the holder to stop: it sees the status on its next progress write and finishes the cancel. */
    public boolean markCancelling(Handle h, String id, String actor) {
        JobRow before = load(h, id).orElse(null);
        Operation cancel = JOB.operation("cancel");
        if (before == null || !cancel.from().contains(before.status())) {
            return false;
        }
        int n = writer.write(h, JOB, id, cancel.from(), List.of(), Map.of(), cancel.via(),
                Map.of("claimable", true), clock.millis()).changed() ? 1 : 0;
        if (n == 1) {
            event(h, new NewEvent(EventKind.TRANSITION, JOB.resource(), id, before.projectId(), before.kind(), RUNNING,
                    CANCELLING, actor, "cancel asked"));
        }
        return n == 1;
    }

    private static long totalOf(Handle h, String id) {
        return h.createQuery("SELECT bytes_total FROM jobs WHERE id = :id").bind("id", id).mapTo(Long.class).one();
    }

    private static String percent(JobRow j) {
        return (j.bytesTotal() == 0 ? 100 : j.bytesDone() * 100 / j.bytesTotal()) + "%";
    }

    /** Gives a job back at once (clean stop, failed attempt): the next service resumes from the checkpoint. */
    public void release(String id, String owner) {
        long now = clock.millis();
        jdbi.useTransaction(h -> {
            JobRow before = load(h, id).orElse(null);
            int n = h.createUpdate("UPDATE jobs SET owner = NULL, lease_expires_at = 0, updated_at = :now, "
                            + "version = version + 1 WHERE id = :id AND owner = :owner")
                    .bind("now", now).bind("id", id).bind("owner", owner).execute();
            if (n == 1) {
                closeAttempt(h, before, "released", now);
            }
        });
    }

    public Optional<JobRow> get(String id) {
        return jdbi.withHandle(h -> load(h, id));
    }

    public Optional<JobRow> load(Handle h, String id) {
        return h.createQuery("SELECT * FROM jobs WHERE id = :id").bind("id", id).map((rs, c) -> row(rs)).findOne();
    }

    /** The newest job of a resource, if any. */
    public Optional<JobRow> latestFor(Handle h, String resourceType, String resourceId, String kind) {
        return h.createQuery("SELECT * FROM jobs WHERE resource_type = :type AND resource_id = :id AND kind = :kind "
                        + "ORDER BY created_at DESC LIMIT 1")
                .bind("type", resourceType).bind("id", resourceId).bind("kind", kind).map((rs, c) -> row(rs))
                .findOne();
    }

    /** The newest migration job of a share, outside any transaction. */
    public Optional<JobRow> latestForAny(String shareId) {
        return jdbi.withHandle(h -> latestFor(h, "share", shareId, MigrationJob.KIND));
    }

    /** Jobs, newest first, filtered by kind, status and owner's node when given. */
    public List<JobRow> list(String kind, String status, String project, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM jobs WHERE 1 = 1"
                        + (kind == null ? "" : " AND kind = :kind") + (status == null ? "" : " AND status = :status")
                        + (project == null ? "" : " AND project_id = :project")
                        + " ORDER BY created_at DESC LIMIT :limit")
                .bind("kind", kind).bind("status", status).bind("project", project).bind("limit", limit)
                .map((rs, c) -> row(rs)).list());
    }

    /** Progress points, oldest first: at, bytes done, rate, owner. */
    public List<Object[]> history(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT at, bytes_done, rate_bps, owner FROM job_progress "
                        + "WHERE job_id = :id ORDER BY at")
                .bind("id", id).map((rs, c) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4)}).list());
    }

    /** Attempts, oldest first: attempt, owner, started, from bytes, ended, to bytes, outcome. */
    public List<Object[]> attempts(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT attempt, owner, started_at, from_bytes, ended_at, to_bytes, "
                        + "outcome FROM job_attempts WHERE job_id = :id ORDER BY attempt")
                .bind("id", id).map((rs, c) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getLong(3),
                        rs.getLong(4), (Long) rs.getObject(5, Long.class), (Long) rs.getObject(6, Long.class),
                        rs.getString(7)}).list());
    }

    private static JobRow row(ResultSet rs) throws SQLException {
        return new JobRow(rs.getString("id"), rs.getString("kind"), rs.getString("status"), rs.getString("phase"),
                rs.getBoolean("claimable"), rs.getString("project_id"), rs.getString("resource_type"),
                rs.getString("resource_id"), rs.getString("target"), rs.getString("params"), rs.getLong("bytes_done"),
                rs.getLong("bytes_total"), rs.getLong("rate_bps"), rs.getLong("checkpoint"), rs.getString("owner"),
                rs.getLong("lease_expires_at"), rs.getInt("attempt"), rs.getInt("max_attempts"),
                rs.getString("error"), rs.getLong("created_at"), rs.getLong("updated_at"),
                rs.getObject("started_at", Long.class), rs.getObject("finished_at", Long.class), rs.getLong("version"));
    }
}
