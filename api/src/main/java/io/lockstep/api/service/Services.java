package io.lockstep.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/services}. */
public record Services(
        @JsonProperty("services") List<ServiceView> services,
        @JsonProperty("service_down_time_s") long serviceDownTimeSeconds) {
}
