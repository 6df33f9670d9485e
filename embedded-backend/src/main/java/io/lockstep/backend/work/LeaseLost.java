package io.lockstep.backend.work;

/** This worker no longer owns the item (its lease expired and another claimed it); it must stop writing. */
public final class LeaseLost extends RuntimeException {

    public LeaseLost(String itemId, String owner) {
        super("work item " + itemId + " is no longer owned by " + owner);
    }
}
