package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code {"share_instance": {...}}}. */
public record ShareInstanceEnvelope(@JsonProperty("share_instance") ShareInstance shareInstance) {
}
