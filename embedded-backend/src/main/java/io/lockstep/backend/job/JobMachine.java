package io.lockstep.backend.job;

import static io.lockstep.backend.statemachine.ResourceMachines.JOB;

import io.lockstep.api.job.JobMachineDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.State;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The jobs' state machine as data: the statuses every job shares, and per kind the phases it passes
 * through (a migration's are Manila's {@code task_state}s). {@link JobStore} checks every status and
 * phase change against it, workers ask it whether a phase has work for them, and it is served to the
 * console. This is the only place the rules are written down.
 */
public final class JobMachine {

    /** One phase of a kind: its job status, whether a data service has work in it, and what may follow. */
    public record Phase(String name, String status, boolean claimable, boolean awaitsOperator, List<String> next,
                        String description) {
    }

    /** One kind of job. Every live phase may also end in {@code cancelled} or {@code failed}. */
    public record Kind(String name, List<String> first, Map<String, Phase> phases, String cancelled, String failed,
                       String description) {

        public Phase phase(String name) {
            Phase p = phases.get(name);
            if (p == null) {
                throw new IllegalStateException("no phase '" + name + "' in jobs of kind " + this.name + "; known: "
                        + phases.keySet());
            }
            return p;
        }

        /**
         * The phases a worker passes, in order, to get from {@code from} to {@code target} along each
         * phase's first successor; empty when it is there already or past it (resumed later on).
         */
        public List<String> pathTo(String from, String target) {
            List<String> path = new ArrayList<>();
            for (String p = from; !p.equals(target); ) {
                List<String> next = phase(p).next();
                if (next.isEmpty() || !phase(next.get(0)).claimable()) {
                    return List.of();
                }
                p = next.get(0);
                path.add(p);
            }
            return path;
        }

        boolean allows(String from, String to) {
            Phase p = phase(from);
            phase(to);
            return p.next().contains(to) || !isEnd(p) && (to.equals(cancelled) || to.equals(failed));
        }

        private static boolean isEnd(Phase p) {
            return !p.status().equals(JobStore.RUNNING);
        }
    }

    private static final Map<String, StateDescriptor> STATUSES = new LinkedHashMap<>();
    private static final Map<String, List<String>> STATUS_NEXT = new LinkedHashMap<>();
    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        // The statuses every job shares are the job machine's (ResourceMachines.JOB); the edges between
        // them follow from its operations.
        for (State st : JOB.states()) {
            STATUSES.put(st.name(), new StateDescriptor(st.name(), st.kind(), st.description()));
            STATUS_NEXT.put(st.name(), next(st.name()));
        }
        kind(new KindBuilder(MigrationJob.KIND, "copy a share to another pool, then switch to the copy on "
                + "migration_complete", "migration_cancelled", "migration_error")
                .first("migration_starting", "migration_driver_starting")
                .work("migration_starting", "host-assisted: the data service takes the job", "migration_in_progress")
                .work("migration_in_progress", "the destination share instance is made", "data_copying_starting")
                .work("data_copying_starting", "the copy is prepared", "data_copying_in_progress")
                .work("data_copying_in_progress", "bytes are copied from the checkpoint on",
                        "data_copying_completing")
                .work("data_copying_completing", "the copy is checked against the source by checksum",
                        "data_copying_completed")
                .awaits("data_copying_completed", "verified; waits for migration_complete or migration_cancel",
                        "migration_completing")
                .work("migration_driver_starting", "driver-assisted: the driver is asked to move the share",
                        "migration_driver_in_progress")
                .work("migration_driver_in_progress", "the driver moves the bytes inside the backend",
                        "migration_driver_phase1_done")
                .awaits("migration_driver_phase1_done", "the driver's first phase is done; waits for "
                        + "migration_complete or migration_cancel", "migration_completing")
                .step("migration_completing", "the share is switched to its copy", "migration_success")
                .end("migration_success", JobStore.SUCCEEDED, "the share lives on the destination pool")
                .end("migration_error", JobStore.FAILED, "failed; the share is available on its original pool")
                .end("migration_cancelled", JobStore.CANCELLED, "cancelled; the source share is untouched"));
        kind(new KindBuilder("backup", "copy a share into a backup", "backup_cancelled", "backup_error")
                .first("backup_creating")
                .work("backup_creating", "the share's bytes are copied into the backup", "backup_created")
                .end("backup_created", JobStore.SUCCEEDED, "the backup is available")
                .end("backup_error", JobStore.FAILED, "the backup is in error; the share is available")
                .end("backup_cancelled", JobStore.CANCELLED, "cancelled"));
        kind(new KindBuilder("restore", "copy a backup back into its share", "restore_cancelled", "restore_error")
                .first("restoring")
                .work("restoring", "the backup's bytes are copied into the share", "restore_completed")
                .end("restore_completed", JobStore.SUCCEEDED, "the share holds the backup's data")
                .end("restore_error", JobStore.FAILED, "the share is in backup_restoring_error")
                .end("restore_cancelled", JobStore.CANCELLED, "cancelled"));
        kind(new KindBuilder(DataCopyJob.KIND, "a bare copy of a share's bytes to a named destination, checked by "
                + "checksum (Manila's data service copy, without a migration around it)", "data_copy_cancelled",
                "data_copy_error")
                .first("data_copying_starting")
                .work("data_copying_starting", "the copy is prepared", "data_copying_in_progress")
                .work("data_copying_in_progress", "bytes are copied from the checkpoint on", "data_copying_completing")
                .work("data_copying_completing", "the copy is checked against the source by checksum",
                        "data_copying_completed")
                .end("data_copying_completed", JobStore.SUCCEEDED, "the copy is complete and verified")
                .end("data_copy_error", JobStore.FAILED, "the copy failed")
                .end("data_copy_cancelled", JobStore.CANCELLED, "cancelled; the partial copy is dropped"));
    }

    private JobMachine() {
    }

    public static List<String> kinds() {
        return List.copyOf(KINDS.keySet());
    }

    public static List<String> statuses() {
        return List.copyOf(STATUSES.keySet());
    }

    public static Kind kind(String name) {
        Kind k = KINDS.get(name);
        if (k == null) {
            throw new IllegalStateException("no job kind '" + name + "'; known: " + KINDS.keySet());
        }
        return k;
    }

    /** Where a job's status may go from {@code status}: into an operation's state, or out of its own. */
    private static List<String> next(String status) {
        Set<String> next = new LinkedHashSet<>();
        for (Operation op : JOB.operations()) {
            if (op.from().contains(status)) {
                if (op.via() != null) {
                    next.add(op.via());
                } else {
                    next.addAll(op.success());
                }
            }
            if (status.equals(op.via())) {
                next.addAll(op.success());
                next.addAll(op.errors());
            }
        }
        next.remove(status);
        return List.copyOf(next);
    }

    /** Throws unless a job of {@code kind} may move from phase {@code from} to {@code to}. */
    public static void checkPhase(String kind, String from, String to) {
        if (!from.equals(to) && !kind(kind).allows(from, to)) {
            throw new IllegalStateException("a " + kind + " job may not go from phase " + from + " to " + to
                    + "; from " + from + " it may go to " + kind(kind).phase(from).next());
        }
    }

    public static JobMachineDescriptor describe() {
        var statuses = STATUSES.values().stream().map(s -> new JobMachineDescriptor.StatusDescriptor(s,
                STATUS_NEXT.get(s.name()))).toList();
        var kinds = KINDS.values().stream().map(k -> new JobMachineDescriptor.KindDescriptor(k.name(), k.first(),
                k.phases().values().stream().map(p -> new JobMachineDescriptor.PhaseDescriptor(p.name(), p.claimable(),
                        p.awaitsOperator(), p.status(), p.next(), p.description())).toList(), k.description())).toList();
        return new JobMachineDescriptor(statuses, kinds);
    }

    private static void kind(KindBuilder b) {
        // an unmodifiable view of a LinkedHashMap keeps the declaration order for the console
        Kind k = new Kind(b.name, b.first, Collections.unmodifiableMap(new LinkedHashMap<>(b.phases)), b.cancelled,
                b.failed, b.description);
        b.phases.values().forEach(p -> p.next().forEach(k::phase));
        k.phase(b.cancelled);
        k.phase(b.failed);
        b.first.forEach(k::phase);
        KINDS.put(b.name, k);
    }

    private static final class KindBuilder {
        private final String name;
        private final String description;
        private final String cancelled;
        private final String failed;
        private final Map<String, Phase> phases = new LinkedHashMap<>();
        private List<String> first = new ArrayList<>();

        KindBuilder(String name, String description, String cancelled, String failed) {
            this.name = name;
            this.description = description;
            this.cancelled = cancelled;
            this.failed = failed;
        }

        KindBuilder first(String... phases) {
            first = List.of(phases);
            return this;
        }

        /** A phase in which a data service has work; a job in it is resumed after a hand-off. */
        KindBuilder work(String phase, String description, String... next) {
            return add(new Phase(phase, JobStore.RUNNING, true, false, List.of(next), description));
        }

        /** A phase that waits for an operator's call; nobody claims the job meanwhile. */
        KindBuilder awaits(String phase, String description, String... next) {
            return add(new Phase(phase, JobStore.RUNNING, false, true, List.of(next), description));
        }

        /** A phase passed inside one transaction (no worker holds the job in it). */
        KindBuilder step(String phase, String description, String... next) {
            return add(new Phase(phase, JobStore.RUNNING, false, false, List.of(next), description));
        }

        KindBuilder end(String phase, String status, String description) {
            return add(new Phase(phase, status, false, false, List.of(), description));
        }

        private KindBuilder add(Phase p) {
            phases.put(p.name(), p);
            return this;
        }
    }
}
