package io.lockstep.api.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"message": {...}}}. */
public record MessageEnvelope(@JsonProperty("message") Message message) {
}
