package io.lockstep.api.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/events/history}; {@code last_id} is the newest id in the log. */
public record EventPage(@JsonProperty("events") List<Event> events, @JsonProperty("last_id") long lastId) {
}
