package io.lockstep.api.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"share_backups": [...]}}. */
public record ShareBackupList(@JsonProperty("share_backups") List<ShareBackup> shareBackups) {
}
