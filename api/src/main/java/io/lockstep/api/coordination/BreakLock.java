package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /lockstep/v1/locks/break}: the lock, and the fencing token of the holding the
 * operator saw, so that a lock which changed hands meanwhile is left alone.
 */
public record BreakLock(
        @JsonProperty("name") String name,
        @JsonProperty("fencing_token") Long fencingToken) {
}
