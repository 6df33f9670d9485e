package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /lockstep/v1/leaders/{name}/step-down}: the term the operator saw, so that a
 * leader elected meanwhile is left alone.
 */
public record StepDown(@JsonProperty("term") Long term) {
}
