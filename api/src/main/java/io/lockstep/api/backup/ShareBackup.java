package io.lockstep.api.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A share backup as Manila shows it (API 2.80+).
 *
 * @param status          {@code creating}, {@code available}, {@code error}, {@code restoring},
 *                        {@code deleting}, {@code error_deleting}
 * @param progress        percent of the backup's copy, "0" to "100"
 * @param restoreProgress percent of the last restore's copy
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShareBackup(
        @JsonProperty("id") String id,
        @JsonProperty("share_id") String shareId,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("size") Integer size,
        @JsonProperty("status") String status,
        @JsonProperty("progress") String progress,
        @JsonProperty("restore_progress") String restoreProgress,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("availability_zone") String availabilityZone,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {
}
