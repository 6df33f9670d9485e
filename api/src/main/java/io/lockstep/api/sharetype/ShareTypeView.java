package io.lockstep.api.sharetype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A share type as Manila shows it (microversion 2.46 and later). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShareTypeView(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("extra_specs") Map<String, Object> extraSpecs,
        @JsonProperty("required_extra_specs") Map<String, Object> requiredExtraSpecs,
        @JsonProperty("share_type_access:is_public") Boolean isPublic,
        @JsonProperty("description") String description,
        @JsonProperty("is_default") Boolean isDefault) {
}
