package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A share instance as Manila shows it to admins (2.54+ fields that apply here). A share has one; a
 * migration adds the destination's, {@code migrating_to}, until it is completed (the destination
 * becomes the share's instance) or cancelled (it goes).
 *
 * @param progress the copy's progress for a destination ({@code "43%"}), {@code "100%"} otherwise
 * @param accessRulesStatus its share's (the share's rules are its instance's, and follow a migration)
 */
public record ShareInstance(
        @JsonProperty("id") String id,
        @JsonProperty("share_id") String shareId,
        @JsonProperty("status") String status,
        @JsonProperty("host") String host,
        @JsonProperty("availability_zone") String availabilityZone,
        @JsonProperty("progress") String progress,
        @JsonProperty("access_rules_status") String accessRulesStatus,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("updated_at") String updatedAt) {
}
