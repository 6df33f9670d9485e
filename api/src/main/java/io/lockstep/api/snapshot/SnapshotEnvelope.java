package io.lockstep.api.snapshot;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"snapshot": {...}}}. */
public record SnapshotEnvelope(@JsonProperty("snapshot") Snapshot snapshot) {
}
