package io.lockstep.backend.coordination;

/**
 * Who holds or waits for a lock: the node, the service on it and what it is doing.
 *
 * @param purpose e.g. {@code api:delete} or {@code worker:create}
 */
public record Holder(String node, String service, String purpose) {

    @Override
    public String toString() {
        return service + "@" + node + " (" + purpose + ")";
    }
}
