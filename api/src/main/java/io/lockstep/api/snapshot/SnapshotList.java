package io.lockstep.api.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"snapshots": [...]}}. */
public record SnapshotList(@JsonProperty("snapshots") List<Snapshot> snapshots) {
}
