package io.lockstep.backend.scenario;

import io.lockstep.backend.coordination.ElectionService;
import io.lockstep.backend.coordination.InProcessCoordinator;
import java.time.Clock;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.coordination.LockInfo;
import io.lockstep.backend.coordination.LockLease;
import io.lockstep.backend.coordination.LockStats;
import java.time.Duration;
import java.util.List;

/**
 * Grants every lock at once: the naive variant has no locks, as Manila's API has none around its
 * checks. Elections and groups are the in-process ones; the races do not use them.
 */
public final class NoLockCoordinator implements Coordinator {

    private final InProcessCoordinator rest = new InProcessCoordinator("naive", Clock.systemUTC());

    @Override
    public String nodeId() {
        return "naive";
    }

    @Override
    public LockLease acquire(String name, Holder holder, Duration timeout) {
        return new LockLease() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long fencingToken() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<LockInfo> heldLocks() {
        return List.of();
    }

    @Override
    public List<LockStats> lockStats() {
        return List.of();
    }

    @Override
    public int locksHeldByCurrentThread() {
        return 0;
    }

    @Override
    public ElectionService electionService() {
        return rest.electionService();
    }

    @Override
    public void close() {
        rest.close();
    }
}
