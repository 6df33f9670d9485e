package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockstep.api.Link;
import java.util.List;
import java.util.Map;

/** A share in Manila's detailed JSON shape (the fields Manila clients read). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Share(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("size") Integer size,
        @JsonProperty("status") String status,
        @JsonProperty("share_proto") String shareProto,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("host") String host,
        @JsonProperty("availability_zone") String availabilityZone,
        @JsonProperty("share_type") String shareType,
        @JsonProperty("share_type_name") String shareTypeName,
        @JsonProperty("volume_type") String volumeType,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("export_location") String exportLocation,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("export_locations") List<String> exportLocations,
        @JsonProperty("metadata") Map<String, String> metadata,
        @JsonProperty("is_public") Boolean isPublic,
        @JsonProperty("snapshot_id") String snapshotId,
        @JsonProperty("share_network_id") String shareNetworkId,
        @JsonProperty("share_server_id") String shareServerId,
        @JsonProperty("share_group_id") String shareGroupId,
        @JsonProperty("snapshot_support") Boolean snapshotSupport,
        @JsonProperty("create_share_from_snapshot_support") Boolean createShareFromSnapshotSupport,
        @JsonProperty("revert_to_snapshot_support") Boolean revertToSnapshotSupport,
        @JsonProperty("mount_snapshot_support") Boolean mountSnapshotSupport,
        @JsonProperty("has_replicas") Boolean hasReplicas,
        @JsonProperty("replication_type") String replicationType,
        @JsonProperty("task_state") String taskState,
        @JsonProperty("access_rules_status") String accessRulesStatus,
        @JsonProperty("is_soft_deleted") Boolean isSoftDeleted,
        @JsonProperty("scheduled_to_be_deleted_at") String scheduledToBeDeletedAt,
        @JsonProperty("progress") String progress,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("links") List<Link> links) {
}
