package io.lockstep.api.sharetype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /types/{id}/share_type_access}: the projects that may use a private type. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShareTypeAccess(@JsonProperty("share_type_access") List<Entry> entries) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(@JsonProperty("share_type_id") String shareTypeId, @JsonProperty("project_id") String projectId) {
    }
}
