package io.lockstep.backend.coordination;

import java.time.Duration;
import java.util.List;

/**
 * Distributed coordination as the service needs it. This implementation is in-process; the
 * cluster one runs over ZooKeeper. Implementations are thread-safe.
 */
public interface Coordinator extends AutoCloseable {

    /** This node's id, as it appears in holder records. */
    String nodeId();

    /**
     * Blocks until the lock is granted or the timeout passes.
     *
     * @throws LockTimeoutException when not granted in time
     */
    LockLease acquire(String name, Holder holder, Duration timeout);

    /** Locks held now, with their waiters. */
    List<LockInfo> heldLocks();

    /** Wait and hold measurements per lock family. */
    List<LockStats> lockStats();

    /** How many locks the calling thread holds: the driver boundary checks it is zero. */
    int locksHeldByCurrentThread();

    @Override
    void close();
}
