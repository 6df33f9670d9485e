package io.lockstep.backend.service;

/** A row of the services table; times in epoch milliseconds. */
public record ServiceRow(long id, String host, String binary, String nodeId, String zone, long createdAt,
                         long updatedAt, long reportCount, boolean disabled, String disabledReason) {
}
