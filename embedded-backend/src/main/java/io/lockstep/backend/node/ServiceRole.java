package io.lockstep.backend.node;

import io.lockstep.backend.service.ServiceHeartbeat;
import java.util.function.IntSupplier;

/**
 * A background service of a node (share or data): its workers and its heartbeat, which stop together:
 * cleanly (work handed back, then the heartbeat says so) or as a crash (nothing handed back). Thread-safe.
 */
abstract class ServiceRole implements Component {

    /** What the role's workers offer the node. */
    record Workers(IntSupplier busy, Runnable close, Runnable kill) {
    }

    private Workers workers;
    private ServiceHeartbeat heartbeat;

    /** Set once by the subclass's constructor, after it started both. */
    final void started(Workers w, ServiceHeartbeat h) {
        this.workers = w;
        this.heartbeat = h;
    }

    final int busy() {
        return workers.busy().getAsInt();
    }

    @Override
    public final void close() {
        workers.close().run();
        heartbeat.close();
    }

    @Override
    public final void kill() {
        workers.kill().run();
        heartbeat.stop();
    }
}
