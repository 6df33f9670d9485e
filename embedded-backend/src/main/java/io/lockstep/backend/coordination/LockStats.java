package io.lockstep.backend.coordination;

/**
 * Measurements of one lock family (locks are named {@code family/id}; statistics per family keep the
 * table bounded however many resources there are). Times in microseconds.
 */
public record LockStats(
        String family,
        long acquisitions,
        long contended,
        long timeouts,
        long waitP50Micros,
        long waitP99Micros,
        long maxWaitMicros,
        long holdP50Micros,
        long holdP99Micros,
        long maxHoldMicros,
        String longestHolder) {
}
