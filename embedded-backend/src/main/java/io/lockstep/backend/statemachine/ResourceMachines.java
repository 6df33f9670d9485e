package io.lockstep.backend.statemachine;

import io.lockstep.api.quota.QuotaResource;

import static io.lockstep.api.statemachine.StateKind.ERROR;
import static io.lockstep.api.statemachine.StateKind.STABLE;
import static io.lockstep.api.statemachine.StateKind.TERMINAL;
import static io.lockstep.api.statemachine.StateKind.TRANSITIONAL;

import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.StateMachines;
import java.util.LinkedHashMap;
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
    /** The replica whose replica_state is this is the one clients write to; it ends with its share. */
    public static final String ACTIVE_REPLICA = "active";
    /**
     * Manila refuses to delete (or bin, or migrate) a share that has replicas: every live replica but the
     * active one, which is the share's own copy and ends with it.
     */
    private static final Guard NO_SECONDARY_REPLICAS = new Guard.NoLiveChildren("share_replica", "share_replicas",
            "share_id", "deleted").except("replica_state", Set.of(ACTIVE_REPLICA));
    /** In an example body, the share type whose shares may be replicated (the lab declares it). */
    public static final String REPLICATED_TYPE = "replicated";
    /** A share made from a snapshot names it; the two machines refer to each other by table. */
    private static final String FROM_SNAPSHOT = "creating_from_snapshot";
    private static final Guard SNAPSHOT_AVAILABLE =
            new Guard.SourceIn("snapshot", "snapshots", "snapshot_id", Set.of("available"));
    private static final Guard NO_SHARE_BEING_MADE =
            new Guard.NoReferrers("share", "shares", "snapshot_id", Set.of(FROM_SNAPSHOT));

    /** The share server states a share may be placed on: being set up (it waits) or active. */
    private static final Set<String> SERVER_SETUP = Set.of("creating", "allocating_network", "setting_up_server",
            "configuring_security_services");
    private static final Guard SERVER_USABLE = new Guard.SourceIn("share_server", "share_servers", "share_server_id",
            union(SERVER_SETUP, Set.of("active")));
    /** In an example body, stands for a security service's id (made for the request). */
    public static final String SOURCE_SECURITY_SERVICE_ID = "{security_service_id}";
    /** In an example body, stands for a share network's id (the racer makes one). */
    public static final String SOURCE_NETWORK_ID = "{share_network_id}";
    /** In an example body, the share type whose driver handles share servers (the lab declares it). */
    public static final String SERVER_TYPE = "dhss";

    /** In a create's example body, stands for the parent's id. */
    public static final String PARENT_ID = "{parent_id}";
    /** In an example body, stands for the id of a snapshot in the family the request is made in. */
    public static final String SOURCE_SNAPSHOT_ID = "{snapshot_id}";
    /** In an example body, stands for an IPv4 address no other request of the run uses. */
    public static final String UNIQUE_IP = "{unique_ip}";

    public static final StateMachine SHARE = share();
    /** Manila's share network: the tenant network share servers are built on (its subnets are plain rows). */
    public static final StateMachine SHARE_NETWORK = shareNetwork(SHARE);
    /** A share server on a network's subnet and pool, built in phases (the summit's nova-like task states). */
    public static final StateMachine SHARE_SERVER = shareServer(SHARE_NETWORK, SHARE);
    public static final StateMachine SNAPSHOT = snapshot(SHARE);
    public static final StateMachine BACKUP = backup(SHARE);
    public static final StateMachine ACCESS_RULE = accessRule(SHARE);
    /** Manila's share replica (2.11): a copy of a share on another pool, one of them active. */
    public static final StateMachine SHARE_REPLICA = shareReplica(SHARE);
    /** A replica's {@code replica_state}: a second machine on the replica's row, moved by the replication leader. */
    public static final StateMachine SHARE_REPLICA_STATE = shareReplicaState(SHARE_REPLICA);
    /** Manila's share instance: follows its share; a running migration's destination is a second one. */
    public static final StateMachine SHARE_INSTANCE = shareInstance(SHARE);
    /** Manila's snapshot instance (2.19): follows its snapshot, on its share's instance. */
    public static final StateMachine SNAPSHOT_INSTANCE = StateMachine.builder("snapshot_instance", "snapshot_instances")
            .wire("snapshot-instances", "snapshot_instance", "snapshot instance", "status", "2.19")
            .follows(SNAPSHOT, "reset_status").build();
    /** A share's {@code access_rules_status}, Manila's names, derived from its rules' states. */
    public static final Rollup ACCESS_RULES_STATUS = new Rollup(ACCESS_RULE, "active", "syncing", "error");

    /**
     * Long-running work (migrations, backups, restores, copies). A job is no resource a client routes
     * to; its holder is fenced by owner and version rather than by a family lock, and its phases (per
     * kind) are declared with the kinds in the job package.
     */
    public static final StateMachine JOB = job();

    private static final Map<String, StateMachine> BY_RESOURCE = served().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(StateMachine::resource, m -> m));

    private ResourceMachines() {
    }

    /** The resources' machines: each row is changed under its family's lock. */
    public static List<StateMachine> all() {
        return List.of(SHARE, SNAPSHOT, BACKUP, ACCESS_RULE, SHARE_REPLICA, SHARE_REPLICA_STATE, SHARE_NETWORK,
                SHARE_SERVER);
    }

    /** The second machines kept on {@code host}'s row (a replica's replica_state), inserted with it. */
    public static List<StateMachine> onRowOf(StateMachine host) {
        return childrenOf(host).stream().filter(StateMachine::onAnotherRow).toList();
    }

    /** The instances: each follows the kind it is an instance of (see {@link StateMachine#leader()}). */
    public static List<StateMachine> instances() {
        return List.of(SHARE_INSTANCE, SNAPSHOT_INSTANCE);
    }

    /** The instance kinds that follow {@code m}. */
    public static List<StateMachine> followersOf(StateMachine m) {
        return instances().stream().filter(f -> f.leader().filter(m::equals).isPresent()).toList();
    }

    /** The kinds whose parent is {@code m}, in declaration order. */
    public static List<StateMachine> childrenOf(StateMachine m) {
        return all().stream().filter(c -> c.parent().filter(m::equals).isPresent()).toList();
    }

    public static Optional<StateMachine> byResource(String resource) {
        return Optional.ofNullable(BY_RESOURCE.get(resource));
    }

    /** Every machine served to clients: the resources' and the jobs'. */
    public static List<StateMachine> served() {
        return List.of(SHARE, SNAPSHOT, BACKUP, ACCESS_RULE, SHARE_INSTANCE, SNAPSHOT_INSTANCE, SHARE_REPLICA,
                SHARE_REPLICA_STATE, SHARE_NETWORK, SHARE_SERVER, JOB);
    }

    public static StateMachines describeAll() {
        return new StateMachines(served().stream().map(StateMachine::describe).toList());
    }

    /** reset_status as every resource has it: admin, from any live state, to a stable or error state. */
    private static Operation resetStatus(StateMachine.Builder b) {
        return Operation.named("reset_status").sets(b.liveStates(), b.settableStates()).role(Role.ADMIN)
                .trigger(action("reset_status", Map.of("status", b.settableStates().get(0))))
                .describedAs("set the status by hand (admin)");
    }

    /** force_delete as every resource has it: admin, from any live state; driver errors do not stop it. */
    private static Operation forceDelete(StateMachine.Builder b, String description, Guard... guards) {
        return Operation.named("force_delete").moves(b.liveStates(), "deleting").success("deleted")
                .errors("error_deleting").onFailure(Failure.DRIVER, "deleted").role(Role.ADMIN).guards(guards)
                .trigger(action("force_delete", null)).describedAs(description);
    }

    private static Operation delete(String description, Guard... guards) {
        return Operation.named("delete").moves(Set.of("available", "error", "error_deleting"), "deleting")
                .success("deleted").errors("error_deleting").guards(guards).trigger(new Trigger.Delete())
                .describedAs(description);
    }

    private static Trigger.Action action(String name, Map<String, Object> example) {
        return new Trigger.Action(name, example);
    }

    private static Trigger.Create createdWith(Object... keyValues) {
        Map<String, Object> example = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            example.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Trigger.Create(example);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * Manila's share network. Its create and delete are immediate (Manila answers them in the request),
     * so each is one transaction through the primitive; a security service is added or removed only while
     * no share server uses the network (Manila before 2.63), which the guard reads under the family lock.
     */
    private static StateMachine shareNetwork(StateMachine share) {
        Guard noServers = new Guard.NoLiveChildren("share_server", "share_servers", "share_network_id", "deleted");
        Guard noShares = new Guard.NoReferrers(share.resource(), share.table(), "share_network_id", share.liveStates());
        var b = StateMachine.builder("share_network", "share_networks")
                .wire("share-networks", "share_network", "share network").row("name")
                .state("creating", TRANSITIONAL, "being recorded (left in the same transaction)")
                .state("active", STABLE, "usable: shares may be created on it")
                .state("error", ERROR, "set by an admin")
                .state("deleting", TRANSITIONAL, "being removed (left in the same transaction)")
                .state("deleted", TERMINAL, "gone");
        return b.operation(Operation.named("create").creates("creating").success("active").errors("error")
                        .trigger(createdWith("name", "example")).describedAs("create a share network"))
                .operation(Operation.named("delete").moves(Set.of("active", "error"), "deleting").success("deleted")
                        .errors("error").guards(noServers, noShares).trigger(new Trigger.Delete())
                        .describedAs("delete it (refused while a share server or a share uses it)"))
                .operation(Operation.named("add_security_service").sets(Set.of("active"), List.of("active"))
                        .guards(noServers).trigger(action("add_security_service",
                                Map.of("security_service_id", SOURCE_SECURITY_SERVICE_ID)))
                        .describedAs("add a security service (refused while a share server uses the network)"))
                .operation(Operation.named("remove_security_service").sets(Set.of("active"), List.of("active"))
                        .guards(noServers).trigger(action("remove_security_service",
                                Map.of("security_service_id", SOURCE_SECURITY_SERVICE_ID)))
                        .describedAs("remove a security service (refused while a share server uses the network)"))
                .operation(resetStatus(b))
                .build();
    }

    /**
     * A share server, child of its network (the network's family lock serialises it with the network and
     * with every share create that needs it). Made by the first share create that needs one on its subnet
     * and pool, then set up in phases by a share service, each a transition with its own work item and no
     * lock held across its call: the network plugin allocates addresses, the driver sets the server up,
     * then configures the network's security services. A service that dies mid-phase loses its lease and
     * another redoes the phase (each is idempotent). An error names the phase that failed.
     */
    private static StateMachine shareServer(StateMachine network, StateMachine share) {
        // a share in any live state is on its server; a deleted one never comes back
        Guard noShareOnServer = new Guard.NoReferrers(share.resource(), share.table(), "share_server_id",
                share.liveStates());
        var b = StateMachine.builder("share_server", "share_servers").parent(network, "share_network_id")
                .wire("share-servers", "share_server", "share server").row("host", "share_network_subnet_id")
                .state("creating", TRANSITIONAL, "asked for by a share create; waiting for a share service")
                .state("allocating_network", TRANSITIONAL, "the network plugin is allocating its addresses")
                .state("setting_up_server", TRANSITIONAL, "the driver is setting the server up on its pool")
                .state("configuring_security_services", TRANSITIONAL,
                        "the driver is joining it to the network's security services")
                .state("active", STABLE, "serving shares")
                .state("network_allocation_error", ERROR, "its addresses could not be allocated")
                .state("server_setup_error", ERROR, "the driver could not set it up")
                .state("security_service_error", ERROR, "a security service could not be configured")
                .state("error", ERROR, "set by an admin, or its setup was given up")
                .state("deleting", TRANSITIONAL, "the driver is tearing it down and its addresses are freed")
                .state("error_deleting", ERROR, "tearing it down failed")
                .state("deleted", TERMINAL, "gone");
        return b.operation(Operation.named("create").creates("creating").success("active").errors("error")
                        .guards(new Guard.ParentIn(network, Set.of("active")))
                        .trigger(new Trigger.MadeBy(share.resource(), "create_on_server", "share_server_id"))
                        .describedAs("made by the first share create that needs a server on its subnet and pool"))
                .operation(Operation.named("allocate_network").moves(Set.of("creating"), "allocating_network")
                        .success("active").errors("network_allocation_error")
                        .describedAs("phase 1: the network plugin allocates its addresses"))
                .operation(Operation.named("set_up").moves(Set.of("allocating_network"), "setting_up_server")
                        .success("active").errors("server_setup_error")
                        .describedAs("phase 2: the driver sets the server up with its addresses"))
                .operation(Operation.named("configure_security_services")
                        .moves(Set.of("setting_up_server"), "configuring_security_services").success("active")
                        .errors("security_service_error")
                        .describedAs("phase 3: the driver configures the network's security services"))
                .operation(Operation.named("delete")
                        .moves(Set.of("active", "error", "network_allocation_error", "server_setup_error",
                                "security_service_error", "error_deleting"), "deleting")
                        .success("deleted").errors("error_deleting").guards(noShareOnServer).role(Role.ADMIN)
                        .trigger(new Trigger.Delete())
                        .describedAs("tear it down and free its addresses (admin; refused while a share is on it); the "
                                + "cleanup leader does it for servers unused for longer than the interval"))
                .operation(resetStatus(b))
                .build();
    }

    private static StateMachine share() {
        var b = StateMachine.builder("share", "shares").wire("shares", "share", "share")
                .row("name", "size", "share_proto")
                .usage(new Usage(QuotaResource.SHARES, QuotaResource.GIGABYTES, "size", true))
                .state("creating", TRANSITIONAL, "the driver is creating the share")
                .state(FROM_SNAPSHOT, TRANSITIONAL, "the driver is making it from a snapshot")
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
                .state("reverting", TRANSITIONAL, "the driver is reverting it to its latest snapshot")
                .state("reverting_error", ERROR, "reverting failed; its data may be the old or the snapshot's")
                .state("replication_change", TRANSITIONAL, "one of its replicas is being promoted or resynced")
                .state("soft_deleted", STABLE, "in the recycle bin: hidden from lists, restorable until the "
                        + "cleanup leader purges it")
                .state("deleted", TERMINAL, "gone");
        Set<String> available = Set.of("available");
        return b
                .operation(Operation.named("create").creates("creating").success("available").errors("error")
                        .trigger(createdWith("share_proto", "NFS", "size", 2, "name", "example"))
                        .describedAs("create a share of a size and protocol"))
                .operation(Operation.named("create_from_snapshot").creates(FROM_SNAPSHOT).success("available")
                        .errors("error").guards(SNAPSHOT_AVAILABLE)
                        .trigger(createdWith("share_proto", "NFS", "size", 2, "name", "copy", "snapshot_id",
                                SOURCE_SNAPSHOT_ID))
                        .describedAs("make a share from an available snapshot, on its share's pool (the snapshot "
                                + "cannot be deleted meanwhile)"))
                .operation(Operation.named("create_on_server").creates("creating").success("available")
                        .errors("error").guards(SERVER_USABLE)
                        .trigger(createdWith("share_proto", "NFS", "size", 2, "name", "served", "share_network_id",
                                SOURCE_NETWORK_ID, "share_type", SERVER_TYPE))
                        .describedAs("create a share of a type whose driver handles share servers, on a share server "
                                + "of its network (reused, or built for it first; the server cannot be deleted meanwhile)"))
                .operation(delete("delete the share and its data (refused while it has snapshots, backups or "
                        + "replicas)", NO_LIVE_SNAPSHOTS, NO_LIVE_BACKUPS, NO_SECONDARY_REPLICAS))
                .operation(Operation.named("extend").moves(available, "extending").success("available")
                        .errors("extending_error").trigger(action("extend", Map.of("new_size", 3)))
                        .describedAs("grow the share to a new size"))
                // Manila lets a shrink be retried from shrinking_possible_data_loss_error (a smaller size)
                .operation(Operation.named("shrink")
                        .moves(Set.of("available", "shrinking_possible_data_loss_error"), "shrinking")
                        .success("available")
                        .errors("shrinking_error", "shrinking_possible_data_loss_error")
                        .onFailure(Failure.DATA_LOSS_RISK, "shrinking_possible_data_loss_error")
                        .trigger(action("shrink", Map.of("new_size", 1)))
                        .describedAs("shrink the share to a new size"))
                .operation(Operation.named("snapshot").moves(available, "snapshotting").success("available")
                        .errors("available").describedAs("held while one of its snapshots is created"))
                // Manila: "Cannot backup share while it has snapshots"
                .operation(Operation.named("backup").moves(available, "backup_creating").success("available")
                        .errors("available").guards(NO_LIVE_SNAPSHOTS)
                        .describedAs("held while a backup of it is made; refused while it has live snapshots"))
                .operation(Operation.named("restore").moves(available, "backup_restoring").success("available")
                        .errors("backup_restoring_error").describedAs("overwrite its data with a backup's"))
                .operation(Operation.named("migrate").moves(available, "migrating").success("available")
                        .errors("available").role(Role.ADMIN).guards(NO_SECONDARY_REPLICAS)
                        .trigger(action("migration_start", Map.of("host", "pool3")))
                        .describedAs("copy the share to another pool, then switch to the copy (admin; the share "
                                + "is available again whether it completes, is cancelled or fails)"))
                // Manila's recycle bin (2.69): Manila keeps the status and sets a flag; here it is a state, so
                // that everything that needs an available share refuses a binned one by the same test-and-set
                .operation(Operation.named("soft_delete").sets(available, List.of("soft_deleted"))
                        .guards(NO_LIVE_SNAPSHOTS, NO_LIVE_BACKUPS, NO_SECONDARY_REPLICAS).trigger(action("soft_delete", null))
                        .describedAs("move the share to the recycle bin (refused while it has snapshots or backups)"))
                .operation(Operation.named("restore_from_bin").sets(Set.of("soft_deleted"), List.of("available"))
                        .trigger(action("restore", null)).describedAs("take the share back out of the recycle bin"))
                .operation(Operation.named("purge").moves(Set.of("soft_deleted"), "deleting").success("deleted")
                        .errors("error_deleting").guards(NO_LIVE_SNAPSHOTS, NO_LIVE_BACKUPS, NO_SECONDARY_REPLICAS)
                        .describedAs("the cleanup leader deletes a share whose time in the recycle bin is up"))
                .operation(Operation.named("revert").moves(available, "reverting").success("available")
                        .errors("reverting_error").describedAs("held while it is reverted to a snapshot"))
                .operation(Operation.named("replication_change").moves(available, "replication_change")
                        .success("available").errors("available")
                        .describedAs("held while one of its replicas is promoted or resynced"))
                .operation(resetStatus(b))
                .operation(forceDelete(b, "delete from any status, driver errors ignored (admin)", NO_LIVE_SNAPSHOTS,
                        NO_LIVE_BACKUPS, NO_SECONDARY_REPLICAS))
                .build();
    }

    /**
     * Manila's share replica: a share instance on another pool, kept in step by the backend. Its status is
     * the instance machine's; a promote or a resync holds its share in {@code replication_change}, so two of
     * them never run on one share, nor one beside a snapshot, a migration or the share's delete. The share's
     * own copy becomes its active replica when the first replica is asked for ({@code adopt}, in that
     * request's transaction); the active replica is never deleted, and ends with its share.
     */
    private static StateMachine shareReplica(StateMachine share) {
        Guard notActive = new Guard.ColumnNotIn("share_replica", "share_replicas", "replica_state",
                Set.of(ACTIVE_REPLICA));
        Guard holdsShare = new Guard.ParentOperation(share, "replication_change");
        var b = StateMachine.builder("share_replica", "share_replicas").parent(share, "share_id")
                .wire("share-replicas", "share_replica", "share replica", "status", "2.11")
                .row("host", "replica_state")
                .state("creating", TRANSITIONAL, "the driver is making it on another pool and copying the share")
                .state("available", STABLE, "serving, if active; else following the active replica")
                .state("error", ERROR, "it could not be made, promoted or resynced")
                .state("replication_change", TRANSITIONAL, "being promoted to active, or resynced from the active one")
                .state("deleting", TRANSITIONAL, "the driver is deleting it")
                .state("error_deleting", ERROR, "deletion failed")
                .state("deleted", TERMINAL, "gone");
        return b.operation(Operation.named("create").creates("creating").success("available").errors("error")
                        .guards(new Guard.ParentIn(share, Set.of("available")))
                        .trigger(createdWith("share_id", PARENT_ID).under(Map.of("share_type", REPLICATED_TYPE)))
                        .describedAs("add a replica of an available share of a replicated type, on another pool"))
                .operation(Operation.named("adopt").creates("creating").success("available").errors("error")
                        .guards(new Guard.ParentIn(share, Set.of("available")))
                        .describedAs("the share's own copy becomes its active replica, in the transaction that asks "
                                + "for its first one"))
                .operation(Operation.named("promote").moves(Set.of("available"), "replication_change")
                        .success("available").errors("error").guards(holdsShare, notActive)
                        .trigger(action("promote", null))
                        .describedAs("make it the active replica; the old active one becomes a secondary (the "
                                + "share is replication_change meanwhile)"))
                .operation(Operation.named("resync").moves(Set.of("available"), "replication_change")
                        .success("available").errors("error").guards(holdsShare, notActive)
                        .trigger(action("resync", null))
                        .describedAs("copy what it lacks from the active replica (the share is replication_change "
                                + "meanwhile)"))
                .operation(delete("delete a secondary replica (never the active one)", notActive))
                .operation(resetStatus(b))
                .operation(forceDelete(b, "delete a secondary from any status, driver errors ignored (admin)",
                        notActive))
                .endsWithParent("share_deleted", "the active replica ends with its share, in the transaction that "
                        + "deletes it")
                .build();
    }

    /**
     * A replica's {@code replica_state}, kept on the replica's row and moved by test-and-set on that column:
     * a new replica is {@code out_of_sync} until its copy is done; the replication leader's poll only ever
     * finds one behind ({@code in_sync} to {@code out_of_sync} or {@code error}), so a poll read before a
     * promote can never undo it; only a create's or a resync's finish brings one back in step.
     */
    private static StateMachine shareReplicaState(StateMachine replica) {
        Set<String> secondary = Set.of("in_sync", "out_of_sync", "error");
        var b = StateMachine.builder("share_replica_state", "share_replicas").onRowOf(replica, "replica_state")
                .wire("share-replicas", "share_replica", "share replica", "replica_state", "2.11")
                .state(ACTIVE_REPLICA, STABLE, "the replica clients use; the share's export locations are its")
                .state("in_sync", STABLE, "a secondary within the lag the backend allows")
                .state("out_of_sync", ERROR, "a secondary behind the active one (new, its pool or the link down); "
                        + "resync it")
                .state("error", ERROR, "its replication failed")
                .state("deleted", TERMINAL, "its replica is gone");
        // made with its row; it moves on only by the operations below (synced, when its copy caught up)
        return b.operation(Operation.named("create").creates("out_of_sync").success("out_of_sync")
                        .trigger(new Trigger.MadeBy(replica.resource(), "create", "id"))
                        .describedAs("a new secondary starts behind the active replica"))
                .operation(Operation.named("adopt").creates(ACTIVE_REPLICA).success(ACTIVE_REPLICA)
                        .trigger(new Trigger.MadeBy(replica.resource(), "adopt", "id"))
                        .describedAs("the share's own copy is the active replica"))
                .operation(Operation.named("synced").sets(Set.of("out_of_sync", "error"), List.of("in_sync"))
                        .describedAs("a create's or a resync's copy caught up with the active replica"))
                .operation(Operation.named("poll").sets(Set.of("in_sync"), List.of("out_of_sync", "error"))
                        .describedAs("the replication leader found it behind (its pool or the link down) or failing"))
                .operation(Operation.named("promoted").sets(secondary, List.of(ACTIVE_REPLICA))
                        .describedAs("its promote finished: it is the active replica"))
                .operation(Operation.named("demoted").sets(Set.of(ACTIVE_REPLICA), List.of("out_of_sync"))
                        .describedAs("another replica was promoted: it is a secondary, behind until resynced"))
                .operation(Operation.named("reset_replica_state").sets(secondary, List.of("in_sync", "out_of_sync",
                                "error")).role(Role.ADMIN)
                        .trigger(action("reset_replica_state", Map.of("replica_state", "out_of_sync")))
                        .describedAs("set a secondary's replica_state by hand (admin; never to or from active)"))
                .endsWithParent("replica_deleted", "ends with its replica")
                .build();
    }

    private static StateMachine backup(StateMachine share) {
        var b = StateMachine.builder("backup", "share_backups").parent(share, "share_id")
                .wire("share-backups", "share_backup", "share backup").row("name", "size")
                .usage(new Usage(QuotaResource.BACKUPS, QuotaResource.BACKUP_GIGABYTES, "size", false))
                .state("creating", TRANSITIONAL, "a data service is copying the share into it")
                .state("available", STABLE, "ready to restore")
                .state("error", ERROR, "the backup could not be made")
                .state("restoring", TRANSITIONAL, "being restored into its share")
                .state("deleting", TRANSITIONAL, "being deleted")
                .state("error_deleting", ERROR, "deletion failed")
                .state("deleted", TERMINAL, "gone");
        return b.operation(Operation.named("create").creates("creating").success("available").errors("error")
                        .guards(new Guard.ParentOperation(share, "backup"))
                        .trigger(createdWith("share_id", PARENT_ID, "name", "example"))
                        .describedAs("back up an available share (its data is copied by a data service)"))
                .operation(Operation.named("restore").moves(Set.of("available"), "restoring").success("available")
                        .errors("available").guards(new Guard.ParentOperation(share, "restore"))
                        .trigger(action("restore", null))
                        .describedAs("restore into its share, which must be available"))
                .operation(delete("delete the backup"))
                .operation(resetStatus(b))
                .operation(forceDelete(b, "delete from any status (admin)"))
                .build();
    }

    private static StateMachine snapshot(StateMachine share) {
        var b = StateMachine.builder("snapshot", "snapshots").parent(share, "share_id")
                .wire("snapshots", "snapshot", "snapshot").row("name", "size")
                .usage(new Usage(QuotaResource.SNAPSHOTS, QuotaResource.SNAPSHOT_GIGABYTES, "size", true))
                .state("creating", TRANSITIONAL, "the driver is taking the snapshot")
                .state("available", STABLE, "ready for use")
                .state("error", ERROR, "the snapshot could not be taken")
                .state("restoring", TRANSITIONAL, "its share is being reverted to it")
                .state("deleting", TRANSITIONAL, "the driver is deleting the snapshot")
                .state("error_deleting", ERROR, "deletion failed")
                .state("deleted", TERMINAL, "gone");
        return b.operation(Operation.named("create").creates("creating").success("available").errors("error")
                        .guards(new Guard.ParentOperation(share, "snapshot"))
                        .trigger(createdWith("share_id", PARENT_ID, "name", "example"))
                        .describedAs("take a snapshot of an available share"))
                // Manila's revert (2.27): the share's action names the snapshot; only the latest one
                .operation(Operation.named("revert").moves(Set.of("available"), "restoring").success("available")
                        .errors("available").guards(new Guard.ParentOperation(share, "revert"),
                                new Guard.Latest("snapshot"))
                        .trigger(new Trigger.ParentAction(share.wire(), "revert", "snapshot_id", null))
                        .describedAs("revert its share to it (the share reverting, refused unless it is the latest)"))
                .operation(delete("delete the snapshot", NO_SHARE_BEING_MADE))
                .operation(resetStatus(b))
                .operation(forceDelete(b, "delete from any status, driver errors ignored (admin)", NO_SHARE_BEING_MADE))
                .build();
    }

    /**
     * Manila's share instance. Its states and transitions are its share's (the admin's reset_status and
     * force_delete on an instance are the share's), plus the destination a migration builds, which is
     * read from the migration's job and becomes the share's instance when the migration completes.
     */
    private static StateMachine shareInstance(StateMachine share) {
        return StateMachine.builder("share_instance", "share_instances")
                .wire("share_instances", "share_instance", "share instance", "status", "2.3")
                .follows(share, "reset_status", "force_delete")
                .state("migrating_to", TRANSITIONAL, "the destination of a running migration; it becomes the "
                        + "share's instance when the migration completes, and is dropped if it does not")
                .operation(Operation.named("migration_destination").creates("migrating_to").success("available")
                        .errors("deleted").role(Role.ADMIN)
                        .describedAs("built by a migration on its target pool (admin)"))
                .operation(Operation.named("replaced").sets(Set.of("available"), List.of("deleted"))
                        .role(Role.ADMIN).describedAs("ended when a completed migration's destination replaces it"))
                .build();
    }

    /**
     * An access rule of a share, in Manila's states. The API only queues a change; the share service
     * claims every queued change of the share (apply, remove), makes one driver call with the add and
     * delete lists, then ends each. A rule change is refused while the share is busy, and a rule ends
     * with its share rather than blocking its delete (Manila denies all rules when it deletes a share).
     */
    private static StateMachine accessRule(StateMachine share) {
        Set<String> shareSettled = Set.of("available", "error");
        Guard shareSettledGuard = new Guard.ParentIn(share, shareSettled);
        var b = StateMachine.builder("access_rule", "share_access_rules").parent(share, "share_id")
                .wire("share-access-rules", "access", "access rule", "state", "2.45")
                .row("access_type", "access_to", "access_level")
                .state("queued_to_apply", TRANSITIONAL, "asked for; waiting for the share service to apply it")
                .state("applying", TRANSITIONAL, "the share service is applying it on the storage")
                .state("active", STABLE, "clients it names may mount the share")
                .state("error", ERROR, "the storage refused it (or failed); deny it to remove it")
                .state("queued_to_deny", TRANSITIONAL, "deny asked for; waiting for the share service")
                .state("denying", TRANSITIONAL, "the share service is removing it from the storage")
                .state("deleted", TERMINAL, "gone");
        return b.operation(Operation.named("allow").creates("queued_to_apply").success("active").errors("error")
                        .guards(shareSettledGuard, new Guard.Unique("access_rule", List.of("access_type", "access_to")))
                        .trigger(new Trigger.ParentAction(share.wire(), "allow_access", null, Map.of(
                                "access_type", "ip", "access_to", UNIQUE_IP, "access_level", "rw")))
                        .describedAs("grant a client access to the share (queued; applied by the share service)"))
                .operation(Operation.named("apply").moves(Set.of("queued_to_apply"), "applying").success("active")
                        .errors("error").describedAs("claimed by the share service for its next driver call"))
                .operation(Operation.named("deny").moves(Set.of("queued_to_apply", "active", "error"),
                                "queued_to_deny").success("deleted").errors("error").guards(shareSettledGuard)
                        .trigger(new Trigger.ParentAction(share.wire(), "deny_access", "access_id", null))
                        .describedAs("revoke it (queued; refused while it is being applied)"))
                .operation(Operation.named("remove").moves(Set.of("queued_to_deny"), "denying").success("deleted")
                        .errors("error").describedAs("claimed by the share service for its next driver call"))
                .endsWithParent("share_deleted", "ends with its share, in the transaction that deletes it")
                .build();
    }

    private static StateMachine job() {
        var b = StateMachine.builder("job", "jobs")
                .state("queued", TRANSITIONAL, "waiting for a data service to claim it")
                .state("running", TRANSITIONAL, "claimed; its phase says what it is doing or waiting for")
                .state("cancelling", TRANSITIONAL, "cancel asked; its holder (or the next) stops and cleans up")
                .state("succeeded", STABLE, "done")
                .state("failed", ERROR, "gave up after its attempts ran out; the resource is back where it was")
                .state("cancelled", TERMINAL, "cancelled; the resource is back where it was");
        Set<String> live = Set.of("queued", "running", "cancelling");
        return b.operation(Operation.named("create").creates("queued").success("running").errors("failed")
                        .describedAs("queued by the operation that needs it, in the same transaction; a data "
                                + "service claims it (running) or it fails"))
                .operation(Operation.named("claim").moves(Set.of("queued"), "running").success("succeeded")
                        .errors("failed").describedAs("a data service claims it; a later claim after a lease "
                                + "expired hands it over without a status change"))
                .operation(Operation.named("cancel").moves(Set.of("running"), "cancelling").success("cancelled")
                        .errors("failed").role(Role.ADMIN)
                        .describedAs("ask its holder to stop (admin); the holder finishes the cancel"))
                .operation(Operation.named("cancel_now").sets(live, List.of("cancelled")).role(Role.ADMIN)
                        .describedAs("cancelled at once when nobody is copying (admin), or by the holder"))
                .operation(Operation.named("give_up").sets(live, List.of("failed")).role(Role.ADMIN)
                        .describedAs("its attempts ran out: the job fails visibly"))
                .build();
    }
}
