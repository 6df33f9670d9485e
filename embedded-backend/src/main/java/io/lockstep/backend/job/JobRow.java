package io.lockstep.backend.job;

/** One row of the jobs table. Immutable. */
public record JobRow(String id, String kind, String status, String phase, boolean claimable, String projectId,
                     String resourceType, String resourceId, String target, String params, long bytesDone,
                     long bytesTotal, long rateBps, long checkpoint, String owner, long leaseExpiresAt, int attempt,
                     int maxAttempts, String error, long createdAt, long updatedAt, Long startedAt, Long finishedAt,
                     long version) {

    public boolean active() {
        return JobStore.LIVE.contains(status);
    }
}
