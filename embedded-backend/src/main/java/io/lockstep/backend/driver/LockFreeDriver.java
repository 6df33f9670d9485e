package io.lockstep.backend.driver;

import io.lockstep.backend.coordination.Coordinator;

/**
 * Puts the rule "no lock is held over a driver call" where it cannot be forgotten: every call checks
 * that the calling thread holds no coordinator lock. Thread-safe.
 */
public final class LockFreeDriver implements ShareDriver {

    private final ShareDriver delegate;
    private final Coordinator coordinator;

    public LockFreeDriver(ShareDriver delegate, Coordinator coordinator) {
        this.delegate = delegate;
        this.coordinator = coordinator;
    }

    private void check(String call) {
        int held = coordinator.locksHeldByCurrentThread();
        if (held != 0) {
            throw new IllegalStateException(call + " called while holding " + held + " lock(s)");
        }
    }

    @Override
    public String createShare(String shareId, int sizeGb, String proto) throws DriverException {
        check("createShare");
        return delegate.createShare(shareId, sizeGb, proto);
    }

    @Override
    public void deleteShare(String shareId) throws DriverException {
        check("deleteShare");
        delegate.deleteShare(shareId);
    }

    @Override
    public void extendShare(String shareId, int newSizeGb) throws DriverException {
        check("extendShare");
        delegate.extendShare(shareId, newSizeGb);
    }

    @Override
    public void shrinkShare(String shareId, int newSizeGb) throws DriverException {
        check("shrinkShare");
        delegate.shrinkShare(shareId, newSizeGb);
    }

    @Override
    public String createSnapshot(String snapshotId, String shareId) throws DriverException {
        check("createSnapshot");
        return delegate.createSnapshot(snapshotId, shareId);
    }

    @Override
    public void deleteSnapshot(String snapshotId) throws DriverException {
        check("deleteSnapshot");
        delegate.deleteSnapshot(snapshotId);
    }
}
