package io.lockstep.api.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockstep.api.Link;
import java.util.List;

/** A share snapshot in Manila's detailed JSON shape. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(
        @JsonProperty("id") String id,
        @JsonProperty("share_id") String shareId,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("status") String status,
        @JsonProperty("size") Integer size,
        @JsonProperty("share_size") Integer shareSize,
        @JsonProperty("share_proto") String shareProto,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("provider_location") String providerLocation,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("links") List<Link> links,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("metadata") java.util.Map<String, String> metadata) {
}
