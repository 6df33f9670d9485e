package io.lockstep.backend.job;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;
import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_INSTANCE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.SimulatedContent;
import io.lockstep.backend.driver.SimulatedPools;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.share.ShareRow;
import io.lockstep.backend.share.ShareStore;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API's side of share migration (Manila's two-phase kind, driver- or host-assisted): start moves
 * the share to {@code migrating} and queues the job in one transaction; the data services do the copy
 * (or drive the driver's); complete
 * and cancel are more transitions under the share's lock, so racing calls get clean 409s. The API
 * never calls a data service: it reads the jobs table. Thread-safe.
 */
public final class MigrationService {

    /** Pools of the simulated backend a share can move to. */
    public static final List<String> POOLS = SimulatedPools.names();
    private static final Pattern HOST = Pattern.compile("^(?:[\\w.-]+(?:@[\\w.-]+)?#)?(pool[1-3])$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** migration_start's arguments. */
    public record Start(String host, boolean forceHostAssisted, boolean writable, boolean nondisruptive,
                        boolean preserveMetadata, boolean preserveSnapshots) {
    }

    /** migration_get_progress's answer. */
    public record Progress(int totalProgress, String taskState, Map<String, Object> details) {
    }

    private final TransitionStore transitions;
    private final JobStore jobs;
    private final ShareStore shares;
    private final SimulatedContent content;
    private final String node;
    private final int maxAttempts;

    public MigrationService(TransitionStore transitions, JobStore jobs, ShareStore shares, SimulatedContent content,
                            String node, int maxAttempts) {
        this.transitions = transitions;
        this.jobs = jobs;
        this.shares = shares;
        this.content = content;
        this.node = node;
        this.maxAttempts = maxAttempts;
    }

    /** The pool a host string names, e.g. {@code pool2} for {@code share-1@simulated#pool2}. */
    static String pool(String host) {
        var m = host == null ? null : HOST.matcher(host);
        return m != null && m.matches() ? m.group(1) : null;
    }

    /** Starts share.migrate as requested: the share goes to migrating and a job is queued, in one transaction. */
    public String start(OperationRequest r, Start s) {
        return start(r.caller(), r.id(), s, r.seen());
    }

    private String start(Caller c, String shareId, Start s, String seen) {
        String destination = pool(s.host());
        if (destination == null) {
            throw new ApiError(new ErrorDetail(400, "'host' must name a destination pool: one of " + POOLS
                    + " (or host@backend#pool).", null, null, null, null, null, "host", POOLS));
        }
        ShareRow share = shares.get(shareId, c.scope());
        if (destination.equals(pool(share.host()))) {
            throw new ApiError(new ErrorDetail(400, "Share " + shareId + " is already on " + destination
                    + "; choose another pool.", null, null, null, null, null, "host", POOLS));
        }
        String params;
        try {
            params = JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String target = SimulatedPools.HOST + "@" + SimulatedPools.BACKEND + "#" + destination;
        String first = s.forceHostAssisted() ? "migration_starting" : "migration_driver_starting";
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("task_state", first);
        return transitions.locked(SHARE, shareId, holder("start"), h -> {
            transitions.begin(h, SHARE, shareId, "migrate", c.actor(), seen, sets);
            return jobs.create(h, new JobStore.NewJob(MigrationJob.KIND, share.projectId(), "share", shareId, target,
                    params, content.sizeOf(share.size()), first, maxAttempts), c.actor());
        });
    }

    /** Starts a failed migration again, as a new job with the same destination and options. */
    public String retry(Caller c, JobRow failed) {
        if (!failed.kind().equals(MigrationJob.KIND) || !failed.status().equals(JobStore.FAILED)) {
            throw new ApiError(new ErrorDetail(409, "Only a failed migration can be retried; job " + failed.id()
                    + " is a " + failed.kind() + " that is " + failed.status() + ".", "job", failed.id(),
                    List.of(JobStore.FAILED), failed.status(), null, null, null));
        }
        Start s;
        try {
            s = JSON.readValue(failed.params(), Start.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return start(c, failed.resourceId(), new Start(failed.target(), s.forceHostAssisted(), s.writable(),
                s.nondisruptive(), s.preserveMetadata(), s.preserveSnapshots()), null);
    }

    public Progress progress(Caller c, String shareId) {
        ShareRow share = shares.get(shareId, c.scope());
        JobRow j = transitions.locked(SHARE, shareId, holder("progress"), h ->
                jobs.latestFor(h, "share", shareId, MigrationJob.KIND)).orElse(null);
        if (j == null || share.taskState() == null) {
            throw new ApiError(400, "Share " + shareId + " has not been migrated; there is no progress to show.");
        }
        int pct = j.bytesTotal() == 0 ? 100 : (int) (j.bytesDone() * 100 / j.bytesTotal());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("job_id", j.id());
        details.put("bytes_done", j.bytesDone());
        details.put("bytes_total", j.bytesTotal());
        details.put("rate_bps", j.rateBps());
        details.put("owner", j.owner());
        details.put("attempt", j.attempt());
        details.put("destination", j.target());
        return new Progress(pct, share.taskState(), details);
    }

    /** Second phase: switch the share to its copy. Only once the copy is complete and verified. */
    public void complete(Caller c, String shareId) {
        shares.get(shareId, c.scope());
        JobRow done = transitions.locked(SHARE, shareId, holder("complete"), h -> {
            JobRow j = active(h, shareId, "complete");
            if (!JobMachine.kind(MigrationJob.KIND).phase(j.phase()).awaitsOperator()) {
                List<String> ready = waitingPhases();
                throw new ApiError(new ErrorDetail(409, "migration_complete needs task_state " + String.join(" or ",
                        ready) + "; the migration of share " + shareId + " is in " + j.phase() + " (" + percent(j)
                        + ").", "share", shareId, ready, j.phase(), null, "task_state", null));
            }
            jobs.advance(h, j.id(), "migration_completing", c.actor());
            jobs.end(h, j.id(), List.of(JobStore.RUNNING), JobStore.SUCCEEDED, "migration_success", null, null,
                    c.actor());
            Map<String, Object> sets = new LinkedHashMap<>();
            sets.put("host", j.target());
            sets.put("availability_zone", SimulatedPools.zoneOf(j.target()));
            sets.put("task_state", "migration_success");
            transitions.finish(h, SHARE, shareId, "migrate", Outcome.ok("migrated to " + j.target()), c.actor(),
                    sets);
            transitions.replaceInstance(h, SHARE_INSTANCE, shareId, ShareInstanceRoutes.destinationOf(j.id()),
                    "replaced", "migration_destination", c.actor());
            return j;
        });
        content.discard(MigrationJob.copyOf(done.id()));
    }

    /**
     * Cancels: at once when nobody is copying (queued, copy complete, holder lost); else the holder is
     * asked and finishes the cancel at its next progress write (the share stays {@code migrating}).
     */
    public void cancel(Caller c, String shareId) {
        shares.get(shareId, c.scope());
        boolean now = transitions.locked(SHARE, shareId, holder("cancel"), h -> {
            JobRow j = active(h, shareId, "cancel");
            boolean copying = j.status().equals(JobStore.RUNNING) && j.owner() != null && j.claimable()
                    && j.leaseExpiresAt() > jobs.clock().millis();
            if (copying) {
                jobs.markCancelling(h, j.id(), c.actor());
                return false;
            }
            if (!jobs.end(h, j.id(), JobStore.LIVE,
                    JobStore.CANCELLED, "migration_cancelled", null, null, c.actor())) {
                throw new ApiError(409, "The migration of share " + shareId + " changed meanwhile; look again.");
            }
            transitions.finish(h, SHARE, shareId, "migrate", Outcome.ok("migration cancelled"), c.actor(),
                    Map.of("task_state", "migration_cancelled"));
            return true;
        });
        if (now) {
            jobs.latestForAny(shareId).ifPresent(j -> content.discard(MigrationJob.copyOf(j.id())));
        }
    }

    private JobRow active(org.jdbi.v3.core.Handle h, String shareId, String what) {
        JobRow j = jobs.latestFor(h, "share", shareId, MigrationJob.KIND).orElse(null);
        if (j == null || !j.active()) {
            throw new ApiError(new ErrorDetail(409, "Cannot " + what + " a migration of share " + shareId
                    + ": it is not being migrated" + (j == null ? "." : " (its last migration ended " + j.status()
                    + ")."), "share", shareId, List.of(SHARE.operation("migrate").via()), j == null ? null : j.status(), null, null, null));
        }
        if (j.status().equals(JobStore.CANCELLING)) {
            throw new ApiError(409, "The migration of share " + shareId + " is being cancelled.");
        }
        return j;
    }

    /** The phases in which migration_complete is allowed, from the job machine. */
    /**
     * Manila's {@code reset_task_state}: sets the share's task_state (null clears it) to one of the
     * migration's task states. Refused while a migration runs, which owns the field: Manila lets the
     * reset through and the running migration writes over it.
     */
    public void resetTaskState(Caller c, String shareId, String taskState) {
        List<String> allowed = JobMachine.kind(MigrationJob.KIND).phases().keySet().stream().sorted().toList();
        if (taskState != null && !allowed.contains(taskState)) {
            throw ApiError.field("task_state", "Invalid task_state '" + taskState + "': one of " + allowed
                    + " or null.", allowed);
        }
        transitions.locked(SHARE, shareId, holder("reset_task_state"), h -> {
            ShareRow share = ShareStore.find(h, shareId, c.scope())
                    .orElseThrow(() -> new io.lockstep.backend.request.ResourceNotFound("share", shareId));
            String migrating = SHARE.operation("migrate").via();
            if (share.status().equals(migrating)) {
                List<String> stable = SHARE.states().stream().map(st -> st.name()).filter(n -> !n.equals(migrating)
                        && !SHARE.statesOfKind(io.lockstep.api.statemachine.StateKind.TRANSITIONAL).contains(n)).toList();
                throw new ApiError(new ErrorDetail(409, "Cannot reset the task_state of share " + shareId + " while it "
                        + "is " + migrating + ": the migration owns it (cancel it first).", "share", shareId, stable,
                        share.status(), null, "task_state", null));
            }
            return h.createUpdate("UPDATE " + SHARE.table() + " SET task_state = :t WHERE id = :id")
                    .bind("t", taskState).bind("id", shareId).execute();
        });
    }

    public static List<String> waitingPhases() {
        return JobMachine.kind(MigrationJob.KIND).phases().values().stream().filter(JobMachine.Phase::awaitsOperator)
                .map(JobMachine.Phase::name).toList();
    }

    private static String percent(JobRow j) {
        return (j.bytesTotal() == 0 ? 100 : j.bytesDone() * 100 / j.bytesTotal()) + "% copied";
    }

    private Holder holder(String purpose) {
        return new Holder(node, "api", "migration " + purpose);
    }
}
