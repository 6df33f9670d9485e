package io.lockstep.api.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** A share network as {@code GET /share-networks/detail} shows it (2.51 and later: with its subnets). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShareNetwork(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("share_network_subnets") List<Map<String, Object>> subnets) {
}
