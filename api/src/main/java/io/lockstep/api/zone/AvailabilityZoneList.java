package io.lockstep.api.zone;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"availability_zones": [...]}}. */
public record AvailabilityZoneList(@JsonProperty("availability_zones") List<AvailabilityZone> zones) {
}
