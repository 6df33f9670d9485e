package io.lockstep.backend.backup;

/** One row of share_backups. Immutable. */
public record BackupRow(String id, String shareId, String projectId, String name, String description, int size,
                        String status, long createdAt, long updatedAt) {
}
