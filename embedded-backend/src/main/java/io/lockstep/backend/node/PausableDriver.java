package io.lockstep.backend.node;

import io.lockstep.backend.driver.DriverDecorator;
import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.ShareDriver;

/**
 * A driver whose calls do not return while the node is paused: a pause that strikes after the storage
 * did its work and before the node records it, the case fencing exists for. Thread-safe.
 */
public final class PausableDriver extends DriverDecorator {

    private final PauseGate gate;

    public PausableDriver(ShareDriver delegate, PauseGate gate) {
        super(delegate);
        this.gate = gate;
    }

    @Override
    protected <T> T around(String name, Call<T> call) throws DriverException {
        T result = call.run();
        gate.awaitOpen();
        return result;
    }
}
