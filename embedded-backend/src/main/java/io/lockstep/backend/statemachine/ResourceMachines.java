package io.lockstep.backend.statemachine;

import static io.lockstep.api.statemachine.StateKind.ERROR;
import static io.lockstep.api.statemachine.StateKind.STABLE;
import static io.lockstep.api.statemachine.StateKind.TERMINAL;
import static io.lockstep.api.statemachine.StateKind.TRANSITIONAL;
import static io.lockstep.backend.statemachine.StateMachine.async;

import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.StateMachines;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The state machines of every resource type, in Manila's status names. This is the only place the
 * rules are written down.
 */
public final class ResourceMachines {

    /** Declared before the machines: the share's delete refers to its snapshots' table. */
    private static final Guard NO_LIVE_SNAPSHOTS =
            new Guard.NoLiveChildren("snapshot", "snapshots", "share_id", "deleted");
    /** A backup outlives nothing it was taken from: Manila refuses to delete a share that has backups. */
    private static final Guard NO_LIVE_BACKUPS =
            new Guard.NoLiveChildren("backup", "share_backups", "share_id", "deleted");

    public static final StateMachine SHARE = share();
    public static final StateMachine SNAPSHOT = snapshot(SHARE);
    public static final StateMachine BACKUP = backup(SHARE);

    private static final Map<String, StateMachine> BY_RESOURCE = Map.of(
            SHARE.resource(), SHARE, SNAPSHOT.resource(), SNAPSHOT, BACKUP.resource(), BACKUP);

    private ResourceMachines() {
    }

    public static List<StateMachine> all() {
        return List.of(SHARE, SNAPSHOT, BACKUP);
    }

    public static Optional<StateMachine> byResource(String resource) {
        return Optional.ofNullable(BY_RESOURCE.get(resource));
    }

    public static StateMachines describeAll() {
        return new StateMachines(all().stream().map(StateMachine::describe).toList());
    }

    private static StateMachine share() {
        var b = StateMachine.builder("share", "shares")
                .state("creating", TRANSITIONAL, "the driver is creating the share")
                .state("available", STABLE, "ready for use")
                .state("error", ERROR, "creation failed")
                .state("snapshotting", TRANSITIONAL, "one of its snapshots is being created")
                .state("extending", TRANSITIONAL, "the driver is growing the share")
                .state("extending_error", ERROR, "growing failed; the share keeps its old size")
                .state("shrinking", TRANSITIONAL, "the driver is shrinking the share")
                .state("shrinking_error", ERROR, "shrinking failed; the share keeps its old size")
                .state("shrinking_possible_data_loss_error", ERROR,
                        "the new size is smaller than the data on the share; nothing was changed")
                .state("deleting", TRANSITIONAL, "the driver is deleting the share")
                .state("error_deleting", ERROR, "deletion failed")
                .state("migrating", TRANSITIONAL, "its data is being copied to another pool (see task_state)")
                .state("backup_creating", TRANSITIONAL, "a data service is copying it into a backup")
                .state("backup_restoring", TRANSITIONAL, "a data service is restoring a backup into it")
                .state("backup_restoring_error", ERROR, "restoring a backup failed")
                .state("deleted", TERMINAL, "gone");
        Set<String> any = b.liveStates();
        List<String> settable = b.settableStates();
        return b
                .operation(StateMachine.Builder.create("create", "creating", "available", "error",
                        "create a share of a size and protocol"))
                .operation(async("delete", Role.OPERATOR, Set.of("available", "error", "error_deleting"),
                        "deleting", List.of("deleted"), List.of("error_deleting"),
                        List.of(NO_LIVE_SNAPSHOTS, NO_LIVE_BACKUPS), "delete the share and its data"))
                .operation(async("extend", Role.OPERATOR, Set.of("available"), "extending", List.of("available"),
                        List.of("extending_error"), List.of(), "grow the share to a new size"))
                .operation(async("shrink", Role.OPERATOR, Set.of("available"), "shrinking", List.of("available"),
                        List.of("shrinking_error", "shrinking_possible_data_loss_error"), List.of(),
                        "shrink the share to a new size"))
                .operation(async("snapshot", Role.OPERATOR, Set.of("available"), "snapshotting",
                        List.of("available"), List.of("available"), List.of(),
                        "held while one of its snapshots is created"))
                .operation(async("backup", Role.OPERATOR, Set.of("available"), "backup_creating",
                        List.of("available"), List.of("available"), List.of(),
                        "held while a backup of it is made"))
                .operation(async("restore", Role.OPERATOR, Set.of("available"), "backup_restoring",
                        List.of("available"), List.of("backup_restoring_error"), List.of(),
                        "overwrite its data with a backup's"))
                .operation(async("migrate", Role.ADMIN, Set.of("available"), "migrating", List.of("available"),
                        List.of("available"), List.of(), "copy the share to another pool, then switch to the copy "
                        + "(admin; the share is available again whether it completes, is cancelled or fails)"))
                .operation(new Operation("reset_status", OperationStyle.SET, any, null, settable, List.of(),
                        Role.ADMIN, List.of(), "set the status by hand (admin)"))
                .operation(async("force_delete", Role.ADMIN, any, "deleting", List.of("deleted"),
                        List.of("error_deleting"), List.of(NO_LIVE_SNAPSHOTS, NO_LIVE_BACKUPS),
                        "delete from any status, driver errors ignored (admin)"))
                .build();
    }

    private static StateMachine backup(StateMachine share) {
        var b = StateMachine.builder("backup", "share_backups").parent(share, "share_id")
                .state("creating", TRANSITIONAL, "a data service is copying the share into it")
                .state("available", STABLE, "ready to restore")
                .state("error", ERROR, "the backup could not be made")
                .state("restoring", TRANSITIONAL, "being restored into its share")
                .state("deleting", TRANSITIONAL, "being deleted")
                .state("error_deleting", ERROR, "deletion failed")
                .state("deleted", TERMINAL, "gone");
        Set<String> any = b.liveStates();
        List<String> settable = b.settableStates();
        Operation create = new Operation("create", OperationStyle.CREATE, Set.of(), "creating", List.of("available"),
                List.of("error"), Role.OPERATOR, List.of(new Guard.ParentOperation(share, "backup")),
                "back up an available share (its data is copied by a data service)");
        return b.operation(create)
                .operation(async("restore", Role.OPERATOR, Set.of("available"), "restoring", List.of("available"),
                        List.of("available"), List.of(), "restore into its share, which must be available"))
                .operation(async("delete", Role.OPERATOR, Set.of("available", "error", "error_deleting"), "deleting",
                        List.of("deleted"), List.of("error_deleting"), List.of(), "delete the backup"))
                .operation(new Operation("reset_status", OperationStyle.SET, any, null, settable, List.of(),
                        Role.ADMIN, List.of(), "set the status by hand (admin)"))
                .operation(async("force_delete", Role.ADMIN, any, "deleting", List.of("deleted"),
                        List.of("error_deleting"), List.of(), "delete from any status (admin)"))
                .build();
    }

    private static StateMachine.Builder snapshotStates(StateMachine.Builder b) {
        return b.state("creating", TRANSITIONAL, "the driver is taking the snapshot")
                .state("available", STABLE, "ready for use")
                .state("error", ERROR, "the snapshot could not be taken")
                .state("deleting", TRANSITIONAL, "the driver is deleting the snapshot")
                .state("error_deleting", ERROR, "deletion failed")
                .state("deleted", TERMINAL, "gone");
    }

    private static StateMachine snapshot(StateMachine share) {
        var b = snapshotStates(StateMachine.builder("snapshot", "snapshots").parent(share, "share_id"));
        Set<String> any = b.liveStates();
        List<String> settable = b.settableStates();
        Operation create = new Operation("create", OperationStyle.CREATE, Set.of(), "creating", List.of("available"),
                List.of("error"), Role.OPERATOR, List.of(new Guard.ParentOperation(share, "snapshot")),
                "take a snapshot of an available share");
        return b.operation(create)
                .operation(async("delete", Role.OPERATOR, Set.of("available", "error", "error_deleting"), "deleting",
                        List.of("deleted"), List.of("error_deleting"), List.of(), "delete the snapshot"))
                .operation(new Operation("reset_status", OperationStyle.SET, any, null, settable, List.of(),
                        Role.ADMIN, List.of(), "set the status by hand (admin)"))
                .operation(async("force_delete", Role.ADMIN, any, "deleting", List.of("deleted"),
                        List.of("error_deleting"), List.of(), "delete from any status, driver errors ignored (admin)"))
                .build();
    }
}
