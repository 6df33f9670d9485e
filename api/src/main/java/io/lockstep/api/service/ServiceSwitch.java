package io.lockstep.api.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of Manila's {@code PUT /v2/{project_id}/services/disable|enable}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceSwitch(
        @JsonProperty("host") String host,
        @JsonProperty("binary") String binary,
        @JsonProperty("disabled_reason") String disabledReason) {
}
