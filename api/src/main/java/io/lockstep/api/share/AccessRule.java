package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A share's access rule as Manila shows it from 2.45 ({@code state} is the rule's own from 2.28). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessRule(
        @JsonProperty("id") String id,
        @JsonProperty("access_type") String accessType,
        @JsonProperty("access_to") String accessTo,
        @JsonProperty("access_level") String accessLevel,
        @JsonProperty("state") String state,
        @JsonProperty("access_key") String accessKey,
        @JsonProperty("created_at") String createdAt) {
}
