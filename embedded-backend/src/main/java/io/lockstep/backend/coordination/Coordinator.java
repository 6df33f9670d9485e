package io.lockstep.backend.coordination;

import java.time.Duration;
import java.util.List;

/**
 * Distributed coordination as the service needs it: locks, leader elections and group membership.
 * {@link InProcessCoordinator} serves one node; {@link ZooKeeperCoordinator} a cluster. Implementations
 * are thread-safe.
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

    /**
     * Takes a lock away from its holder, for an operator whose holder is known to be gone. The holder's
     * late writes are fenced off by the work item's owner and lease, not by this.
     *
     * @return false when the lock is not held under {@code fencingToken} any more
     * @throws CoordinationException when this coordinator's locks cannot outlive their holder
     */
    default boolean breakLock(String name, long fencingToken) {
        throw new CoordinationException("in-process locks end with the thread that holds them; there is no lock of "
                + "a lost holder to break", null);
    }

    /** This coordinator's elections and groups; the methods below are shortcuts to it. */
    ElectionService electionService();

    /** Joins the election {@code name} as {@code participant}; leadership may come at once or later. */
    default Election join(String name, Holder participant) {
        return electionService().join(name, participant);
    }

    /** Every election with its leader, participants and term. */
    default List<ElectionInfo> elections() {
        return electionService().elections();
    }

    /** Joins {@code group} as {@code memberId} with a payload; membership ends with the session. */
    default Membership joinGroup(String group, String memberId, String payload) {
        return electionService().joinGroup(group, memberId, payload);
    }

    /** The members of {@code group} now. */
    default List<MemberInfo> members(String group) {
        return electionService().members(group);
    }

    @Override
    void close();
}
