package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The body of {@code POST /v2/{project_id}/shares}: {@code {"share": {...}}}. Manila clients send
 * more fields than Lockstep uses; the server accepts the ones Manila defines and refuses the rest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateShare(@JsonProperty("share") Body share) {

    public static CreateShare of(String name, int size, String proto) {
        return new CreateShare(new Body(proto, size, name, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
    }

    /** With a share type (name or id) and a zone; either may be null for the default type and any zone. */
    public static CreateShare of(String name, int size, String proto, String shareType, String zone) {
        return new CreateShare(new Body(proto, size, name, null, null, null, shareType, null, null, null, null,
                zone, null, null, null, null));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(
            @JsonProperty("share_proto") String shareProto,
            @JsonProperty("size") Integer size,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("display_description") String displayDescription,
            @JsonProperty("share_type") String shareType,
            @JsonProperty("volume_type") String volumeType,
            @JsonProperty("snapshot_id") String snapshotId,
            @JsonProperty("share_network_id") String shareNetworkId,
            @JsonProperty("share_group_id") String shareGroupId,
            @JsonProperty("availability_zone") String availabilityZone,
            @JsonProperty("metadata") Map<String, String> metadata,
            @JsonProperty("is_public") Boolean isPublic,
            @JsonProperty("scheduler_hints") Map<String, String> schedulerHints,
            @JsonProperty("mount_point_name") String mountPointName) {
    }
}
