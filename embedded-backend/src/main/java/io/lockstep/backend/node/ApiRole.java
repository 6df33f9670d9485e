package io.lockstep.backend.node;

import io.lockstep.backend.access.AccessRoutes;
import io.lockstep.backend.access.AccessRuleStore;
import io.lockstep.backend.access.AccessService;
import io.lockstep.backend.zone.AvailabilityZones;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.backend.audit.AuditLog;
import io.lockstep.backend.audit.AuditRecorder;
import io.lockstep.backend.audit.AuditRoutes;
import io.lockstep.backend.backup.BackupRoutes;
import io.lockstep.backend.backup.BackupService;
import io.lockstep.backend.conflict.ConflictChecker;
import io.lockstep.backend.conflict.ConflictRoutes;
import io.lockstep.backend.conflict.RaceService;
import io.lockstep.backend.driver.DriverRoutes;
import io.lockstep.backend.event.EventBroadcaster;
import io.lockstep.backend.event.EventRoutes;
import io.lockstep.backend.http.ApiServer;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.job.JobRoutes;
import io.lockstep.backend.job.MigrationRoutes;
import io.lockstep.backend.job.MigrationService;
import io.lockstep.backend.job.ShareInstanceRoutes;
import io.lockstep.backend.job.ExportLocationRoutes;
import io.lockstep.backend.lock.CoordinationRoutes;
import io.lockstep.backend.message.MessageRoutes;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.service.NodeLiveness;
import io.lockstep.backend.service.ServiceHeartbeat;
import io.lockstep.backend.service.ServiceRoutes;
import io.lockstep.backend.metadata.MetadataRoutes;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.pool.PoolRoutes;
import io.lockstep.backend.pool.Scheduler;
import io.lockstep.backend.quota.QuotaRoutes;
import io.lockstep.backend.quota.QuotaStore;
import io.lockstep.backend.share.ShareEditRoutes;
import io.lockstep.backend.share.ShareRoutes;
import io.lockstep.backend.share.ShareService;
import io.lockstep.backend.share.ShareStore;
import io.lockstep.backend.sharetype.ShareTypeRoutes;
import io.lockstep.backend.sharetype.ShareTypeStore;
import io.lockstep.backend.snapshot.SnapshotRoutes;
import io.lockstep.backend.snapshot.SnapshotService;
import io.lockstep.backend.snapshot.SnapshotStore;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkRoutes;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * The API of a node: the HTTP server with every feature's routes registered, the event streams and the
 * API service's heartbeat. Each feature registers its own routes here; nothing else knows them.
 * Thread-safe.
 */
final class ApiRole implements Component {

    private final ApiServer server;
    private final EventRoutes eventRoutes;
    private final EventBroadcaster broadcaster;
    private final ServiceHeartbeat heartbeat;
    private final RaceService races;
    private volatile URI uri;

    ApiRole(NodeCore core) throws IOException {
        NodeBuilder b = core.settings;
        PlainHttp.check(b.host, b.tls != null, b.allowPlainHttp);
        ObjectMapper mapper = new ObjectMapper();
        Bodies bodies = new Bodies(mapper);
        this.broadcaster = new EventBroadcaster(core.events, mapper, core.tokens, core.clock, b.streamLimits);
        this.eventRoutes = new EventRoutes(core.events, mapper, broadcaster);
        ApiServer[] self = new ApiServer[1];
        this.races = new RaceService(() -> new ConflictChecker(ResourceMachines.describeAll().stateMachines()).check(),
                core.jdbi, core.events, core.driver.held(), () -> uri, core.clock);
        JsonRenderer render = (ctx, status, body) -> self[0].render(ctx, status, body);
        var liveness = new NodeLiveness(core.services, core.coordinator, core.clock, b.serviceDownTime);
        this.server = new ApiServer(mapper, core.tokens, ServiceNode.version(), b.tls, app -> {
            eventRoutes.register(app);
            new DriverRoutes(core.driver, bodies, render).register(app);
            new CoordinationRoutes(core.coordinator, liveness, core.events, bodies, core.clock, render,
                    (lock, project) -> familyOfProject(core, lock, project)).register(app);
            new WorkRoutes(core.jdbi, render).register(app);
            new ConflictRoutes(races, bodies, render).register(app);
        });
        self[0] = server;
        server.node(core.nodeId);
        registerFeatures(core, bodies, render, mapper);
        server.configure(b.extraRoutes);
        this.heartbeat = core.heartbeat(core.nodeId, "lockstep-api");
        broadcaster.start();
        try {
            server.start(b.host, b.port);
        } catch (RuntimeException e) {
            close(); // not yet one of the node's started parts: nobody else would stop the stream reader
            throw e;
        }
        this.uri = URI.create(server.scheme() + "://" + (b.host.contains(":") ? "[" + b.host + "]" : b.host) + ":"
                + server.port());
    }

    private void registerFeatures(NodeCore core, Bodies bodies, JsonRenderer render, ObjectMapper mapper) {
        NodeBuilder b = core.settings;
        ManilaRouter manila = server.manila();
        var shareStore = new ShareStore(core.jdbi);
        var snapshotStore = new SnapshotStore(core.jdbi);
        var shareTypes = new ShareTypeStore(core.jdbi, core.clock);
        var content = core.driver.content();
        var migrations = new MigrationService(core.transitions, core.jobs, shareStore, content, core.nodeId,
                b.jobAttempts);
        var migrationRoutes = new MigrationRoutes(migrations, bodies, render);
        migrationRoutes.register(manila);
        var snapshotRoutes = new SnapshotRoutes(new SnapshotService(core.transitions, core.queue, snapshotStore,
                core.nodeId), snapshotStore, bodies, render);
        snapshotRoutes.register(manila);
        var accessRules = new AccessRuleStore(core.jdbi);
        var accessRoutes = new AccessRoutes(new AccessService(core.transitions, core.queue, core.nodeId),
                accessRules, shareStore, bodies, render);
        accessRoutes.register(manila);
        new ShareRoutes(new ShareService(core.transitions, core.queue, shareStore, shareTypes,
                core.driver::pools, core.nodeId), shareStore, bodies,
                render, List.of(migrationRoutes::contribute, accessRoutes::contribute, snapshotRoutes::contribute),
                b.recycleRetention).register(manila);
        server.configure(app -> new JobRoutes(core.jobs, migrations, render).register(app));
        new BackupRoutes(new BackupService(core.jdbi, core.transitions, core.jobs, shareStore, content, core.nodeId,
                b.jobAttempts), bodies, render).register(manila);
        var instances = new ShareInstanceRoutes(core.jdbi, render);
        instances.register(manila);
        new io.lockstep.backend.snapshot.SnapshotInstanceRoutes(core.jdbi, render).register(manila);
        new ExportLocationRoutes(shareStore, instances, render).register(manila);
        AuditLog audit = new AuditLog(core.jdbi);
        server.configure(app -> {
            new AuditRoutes(audit, render).register(app);
            app.after(new AuditRecorder(audit, mapper, core.clock, core.nodeId)::record);
        });

        new ShareTypeRoutes(shareTypes, bodies, render).register(manila);
        new io.lockstep.backend.network.ShareNetworkRoutes(new io.lockstep.backend.network.ShareNetworkService(
                core.transitions, core.driver.network(), core.clock, core.nodeId), core.jdbi, bodies, render)
                .register(manila);
        new io.lockstep.backend.network.SecurityServiceRoutes(core.jdbi, bodies, render, core.clock).register(manila);
        new io.lockstep.backend.network.ShareServerRoutes(new io.lockstep.backend.network.ShareServerService(
                core.transitions, core.queue, core.clock, core.nodeId), core.jdbi, bodies, render).register(manila);
        new io.lockstep.backend.replica.ReplicaRoutes(new io.lockstep.backend.replica.ReplicaService(core.transitions,
                core.queue, new io.lockstep.backend.replica.ReplicaStore(core.jdbi), core.driver::pools, core.nodeId),
                bodies, render).register(manila);
        new QuotaRoutes(new QuotaStore(core.jdbi, core.clock), shareTypes, bodies, render).register(manila);
        new AvailabilityZones(core.driver::pools, render).register(manila);
        new io.lockstep.backend.extension.Extensions(render).register(manila);
        new PoolRoutes(core.driver::pools, new Scheduler(ResourceMachines.SHARE), shareTypes, core.jdbi, core.clock,
                render).register(manila);
        new ShareEditRoutes(core.transitions, shareStore, bodies, render, core.clock, core.nodeId).register(manila);
        new MetadataRoutes(ResourceMachines.SHARE, Microversion.MIN, core.transitions, core.jdbi, bodies, render,
                core.clock, core.nodeId).register(manila);
        new MetadataRoutes(ResourceMachines.SNAPSHOT, SnapshotRoutes.METADATA, core.transitions, core.jdbi, bodies,
                render, core.clock, core.nodeId).register(manila);
        new MetadataRoutes(ResourceMachines.ACCESS_RULE, AccessRoutes.RULES_API, core.transitions, core.jdbi, bodies,
                render, core.clock, core.nodeId).register(manila);
        new MessageRoutes(new MessageStore(core.jdbi), core.clock, render).register(manila);
        server.configure(app -> new io.lockstep.backend.event.StateCountRoutes(core.jdbi, render).register(app));
        server.configure(app -> new ServiceRoutes(core.services, core.coordinator, core.events, core.clock,
                b.serviceDownTime, bodies, render).register(app, manila));
    }

    /** A family lock is a project's if its root resource is. */
    private static boolean familyOfProject(NodeCore core, String lock, String project) {
        StateMachine root = ResourceMachines.SHARE.root();
        return TransitionStore.rootOfLock(root, lock).map(id -> core.jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM " + root.table() + " WHERE id = :id AND project_id = :project")
                .bind("id", id).bind("project", project).mapTo(Integer.class).one()) > 0).orElse(false);
    }

    URI uri() {
        return uri;
    }

    List<ApiServer.Route> routes() {
        return server.routes();
    }

    int streams() {
        return broadcaster.streams();
    }

    @Override
    public void close() {
        races.close();
        eventRoutes.closeStreams();
        server.close();
        heartbeat.close();
    }

    @Override
    public void kill() {
        races.close();
        eventRoutes.closeStreams();
        server.close();
        heartbeat.stop();
    }
}
