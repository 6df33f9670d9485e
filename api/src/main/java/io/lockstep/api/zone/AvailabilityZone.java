package io.lockstep.api.zone;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An availability zone as {@code /availability-zones} lists it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AvailabilityZone(@JsonProperty("id") String id, @JsonProperty("name") String name) {
}
