package io.lockstep.api.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Body of {@code POST /v2/share-backups}. */
public record CreateShareBackup(@JsonProperty("share_backup") Body shareBackup) {

    /** What to back up. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(
            @JsonProperty("share_id") String shareId,
            @JsonProperty("name") String name,
            @JsonProperty("description") String description,
            @JsonProperty("backup_options") Map<String, Object> backupOptions) {
    }

    public static CreateShareBackup of(String shareId, String name) {
        return new CreateShareBackup(new Body(shareId, name, null, null));
    }
}
