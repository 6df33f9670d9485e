package io.lockstep.backend.driver;

import io.lockstep.backend.coordination.Coordinator;

/**
 * Puts the rule "no lock is held over a driver call" where it cannot be forgotten: every call checks
 * that the calling thread holds no coordinator lock. Thread-safe.
 */
public final class LockFreeDriver extends DriverDecorator {

    private final Coordinator coordinator;

    public LockFreeDriver(ShareDriver delegate, Coordinator coordinator) {
        super(delegate);
        this.coordinator = coordinator;
    }

    @Override
    protected <T> T around(String name, Call<T> call) throws DriverException {
        int held = coordinator.locksHeldByCurrentThread();
        if (held != 0) {
            throw new IllegalStateException(name + " called while holding " + held + " lock(s)");
        }
        return call.run();
    }
}
