package io.lockstep.backend.driver;

/**
 * A driver that adds one behaviour around every call of another: subclasses write {@link #around}
 * once instead of repeating it in each operation. Thread-safe if the subclass and delegate are.
 */
public abstract class DriverDecorator implements ShareDriver {

    /** One driver call, as the decorator runs it. */
    protected interface Call<T> {
        T run() throws DriverException;
    }

    private final ShareDriver delegate;

    protected DriverDecorator(ShareDriver delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code call} (the delegate's method {@code name}) with this decorator's behaviour around it. */
    protected abstract <T> T around(String name, Call<T> call) throws DriverException;

    @Override
    public final String createShare(String shareId, int sizeGb, String proto) throws DriverException {
        return around("createShare", () -> delegate.createShare(shareId, sizeGb, proto));
    }

    @Override
    public final void deleteShare(String shareId) throws DriverException {
        around("deleteShare", () -> {
            delegate.deleteShare(shareId);
            return null;
        });
    }

    @Override
    public final void extendShare(String shareId, int newSizeGb) throws DriverException {
        around("extendShare", () -> {
            delegate.extendShare(shareId, newSizeGb);
            return null;
        });
    }

    @Override
    public final void shrinkShare(String shareId, int newSizeGb) throws DriverException {
        around("shrinkShare", () -> {
            delegate.shrinkShare(shareId, newSizeGb);
            return null;
        });
    }

    @Override
    public final String createSnapshot(String snapshotId, String shareId) throws DriverException {
        return around("createSnapshot", () -> delegate.createSnapshot(snapshotId, shareId));
    }

    @Override
    public final void deleteSnapshot(String snapshotId) throws DriverException {
        around("deleteSnapshot", () -> {
            delegate.deleteSnapshot(snapshotId);
            return null;
        });
    }

    @Override
    public final java.util.Map<String, AccessChange.Result> updateAccess(String shareId, String proto,
            java.util.List<AccessChange> add, java.util.List<AccessChange> delete) throws DriverException {
        return around("updateAccess", () -> delegate.updateAccess(shareId, proto, add, delete));
    }

    @Override
    public final void revertToSnapshot(String shareId, String snapshotId) throws DriverException {
        around("revertToSnapshot", () -> {
            delegate.revertToSnapshot(shareId, snapshotId);
            return null;
        });
    }

    @Override
    public final String createShareFromSnapshot(String shareId, int sizeGb, String proto, String snapshotId)
            throws DriverException {
        return around("createShareFromSnapshot", () -> delegate.createShareFromSnapshot(shareId, sizeGb, proto,
                snapshotId));
    }

    @Override
    public final String createReplica(String replicaId, String shareId, String pool, int sizeGb, String proto)
            throws DriverException {
        return around("createReplica", () -> delegate.createReplica(replicaId, shareId, pool, sizeGb, proto));
    }

    @Override
    public final void deleteReplica(String replicaId) throws DriverException {
        around("deleteReplica", () -> {
            delegate.deleteReplica(replicaId);
            return null;
        });
    }

    @Override
    public final void resyncReplica(String replicaId, String shareId, String pool, int sizeGb) throws DriverException {
        around("resyncReplica", () -> {
            delegate.resyncReplica(replicaId, shareId, pool, sizeGb);
            return null;
        });
    }

    @Override
    public final void promoteReplica(String replicaId, String pool) throws DriverException {
        around("promoteReplica", () -> {
            delegate.promoteReplica(replicaId, pool);
            return null;
        });
    }

    /** A poll is no storage operation a decorator wraps: no latency, no lock to check. */
    @Override
    public final ReplicaHealth replicaHealth(String replicaId, String pool, String activePool) {
        return delegate.replicaHealth(replicaId, pool, activePool);
    }
}
