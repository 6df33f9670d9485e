package io.lockstep.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of {@code GET /lockstep/v1/session}: who the token is and what the server is. */
public record Session(
        @JsonProperty("role") Role role,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("server_version") String serverVersion,
        @JsonProperty("min_api_version") String minApiVersion,
        @JsonProperty("max_api_version") String maxApiVersion,
        @JsonProperty("node") String node) {
}
