package io.lockstep.backend.coordination;

/**
 * A held lock. Closing it releases the lock; closing twice is harmless.
 * The fencing token increases with every acquisition of any lock of the coordinator, so a writer can
 * prove it holds the newest grant.
 */
public interface LockLease extends AutoCloseable {

    String name();

    long fencingToken();

    @Override
    void close();
}
