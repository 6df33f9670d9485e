package io.lockstep.backend.driver;

/**
 * The thread doing a work item was interrupted (the service is stopping). Not a failure of the
 * operation: the item is handed back to the queue untouched and another worker redoes it; driver
 * operations are idempotent.
 */
public final class WorkInterrupted extends RuntimeException {

    public WorkInterrupted(String message) {
        super(message);
    }
}
