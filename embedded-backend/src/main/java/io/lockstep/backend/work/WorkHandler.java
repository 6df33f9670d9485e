package io.lockstep.backend.work;

/**
 * Carries out one kind of work item: calls the driver (holding no lock), then finishes the transition.
 * Implementations must be idempotent: an item may run again after its owner died mid-way.
 */
@FunctionalInterface
public interface WorkHandler {

    void handle(WorkItem item, String owner);
}
