package io.lockstep.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A job as the console lists it.
 *
 * @param status {@code queued}, {@code running}, {@code cancelling}, {@code succeeded}, {@code failed}, {@code cancelled}
 * @param phase  for a migration, Manila's task_state
 * @param node   the owner's node, null while nobody holds it
 * @param etaS   seconds left at the current rate, null when unknown
 * @param awaitsOperator whether the job's phase waits for an operator's call (a migration's complete or cancel)
 */
public record JobView(
        @JsonProperty("id") String id,
        @JsonProperty("kind") String kind,
        @JsonProperty("status") String status,
        @JsonProperty("phase") String phase,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        @JsonProperty("target") String target,
        @JsonProperty("bytes_done") long bytesDone,
        @JsonProperty("bytes_total") long bytesTotal,
        @JsonProperty("rate_bps") long rateBps,
        @JsonProperty("eta_s") Long etaS,
        @JsonProperty("owner") String owner,
        @JsonProperty("node") String node,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("max_attempts") int maxAttempts,
        @JsonProperty("error") String error,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("awaits_operator") boolean awaitsOperator) {
}
