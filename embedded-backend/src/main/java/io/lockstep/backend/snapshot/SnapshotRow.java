package io.lockstep.backend.snapshot;

/** A row of the snapshots table, with its share's protocol. Immutable. */
public record SnapshotRow(String id, String shareId, String projectId, String userId, String name,
                          String description, int size, String status, String providerLocation,
                          String shareProto, long createdAt, long updatedAt,
                          java.util.Map<String, String> metadata) {
}
