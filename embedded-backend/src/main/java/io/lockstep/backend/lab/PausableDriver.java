package io.lockstep.backend.lab;

import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.ShareDriver;

/**
 * A driver whose calls do not return while the node is paused: a pause that strikes after the storage
 * did its work and before the node records it, the case fencing exists for. Thread-safe.
 */
public final class PausableDriver implements ShareDriver {

    private final ShareDriver delegate;
    private final PauseGate gate;

    public PausableDriver(ShareDriver delegate, PauseGate gate) {
        this.delegate = delegate;
        this.gate = gate;
    }

    @Override
    public String createShare(String shareId, int sizeGb, String proto) throws DriverException {
        String location = delegate.createShare(shareId, sizeGb, proto);
        gate.awaitOpen();
        return location;
    }

    @Override
    public void deleteShare(String shareId) throws DriverException {
        delegate.deleteShare(shareId);
        gate.awaitOpen();
    }

    @Override
    public void extendShare(String shareId, int newSizeGb) throws DriverException {
        delegate.extendShare(shareId, newSizeGb);
        gate.awaitOpen();
    }

    @Override
    public void shrinkShare(String shareId, int newSizeGb) throws DriverException {
        delegate.shrinkShare(shareId, newSizeGb);
        gate.awaitOpen();
    }

    @Override
    public String createSnapshot(String snapshotId, String shareId) throws DriverException {
        String location = delegate.createSnapshot(snapshotId, shareId);
        gate.awaitOpen();
        return location;
    }

    @Override
    public void deleteSnapshot(String snapshotId) throws DriverException {
        delegate.deleteSnapshot(snapshotId);
        gate.awaitOpen();
    }
}
