package io.lockstep.api.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** The body of {@code POST /v2/{project_id}/snapshots}: {@code {"snapshot": {...}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateSnapshot(@JsonProperty("snapshot") Body snapshot) {

    public static CreateSnapshot of(String shareId, String name) {
        return new CreateSnapshot(new Body(shareId, null, name, null, null, null, null));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(
            @JsonProperty("share_id") String shareId,
            @JsonProperty("force") Boolean force,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("display_name") String displayName,
            @JsonProperty("display_description") String displayDescription,
            @JsonProperty("metadata") Map<String, String> metadata) {
    }
}
