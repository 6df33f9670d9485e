package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A lock held right now.
 *
 * @param heldMs      how long it has been held when the answer was made
 * @param holderAlive whether the holder's node still heartbeats or is in the services group; a lock
 *                    may be broken only when it is not
 */
public record LockHolding(
        @JsonProperty("name") String name,
        @JsonProperty("holder") HolderView holder,
        @JsonProperty("since") String since,
        @JsonProperty("held_ms") long heldMs,
        @JsonProperty("fencing_token") long fencingToken,
        @JsonProperty("waiters") List<HolderView> waiters,
        @JsonProperty("holder_alive") boolean holderAlive) {
}
