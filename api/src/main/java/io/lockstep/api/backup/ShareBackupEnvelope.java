package io.lockstep.api.backup;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"share_backup": {...}}}. */
public record ShareBackupEnvelope(@JsonProperty("share_backup") ShareBackup shareBackup) {
}
