package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A lock held right now.
 *
 * @param heldMs how long it has been held when the answer was made
 */
public record LockHolding(
        @JsonProperty("name") String name,
        @JsonProperty("holder") HolderView holder,
        @JsonProperty("since") String since,
        @JsonProperty("held_ms") long heldMs,
        @JsonProperty("fencing_token") long fencingToken,
        @JsonProperty("waiters") List<HolderView> waiters) {
}
