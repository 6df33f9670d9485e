package io.lockstep.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of Manila's {@code GET /v2/{project_id}/services}. */
public record ManilaService(
        @JsonProperty("id") long id,
        @JsonProperty("binary") String binary,
        @JsonProperty("host") String host,
        @JsonProperty("zone") String zone,
        @JsonProperty("status") String status,
        @JsonProperty("state") String state,
        @JsonProperty("updated_at") String updatedAt) {
}
