package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"share": {...}}}, Manila's single-share body. */
public record ShareEnvelope(@JsonProperty("share") Share share) {
}
