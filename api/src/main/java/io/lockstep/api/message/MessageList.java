package io.lockstep.api.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"messages": [...]}}, newest first. */
public record MessageList(@JsonProperty("messages") List<Message> messages) {
}
