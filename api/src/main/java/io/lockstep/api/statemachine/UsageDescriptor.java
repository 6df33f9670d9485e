package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A kind's quota usage: each live resource counts one of {@code count} and its size in
 * {@code gigabytes} (quota resource names), from its create until it reaches the terminal state.
 */
public record UsageDescriptor(@JsonProperty("count") String count, @JsonProperty("gigabytes") String gigabytes) {
}
