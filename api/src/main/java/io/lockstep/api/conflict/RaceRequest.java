package io.lockstep.api.conflict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /lockstep/v1/conflicts/races}: race the matching cells for real. A null filter field
 * matches every cell; {@code trials} per cell (1 to 1000, default 10); {@code parallel} cells raced at
 * once (1 to 64, default 4).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaceRequest(
        @JsonProperty("family") String family,
        @JsonProperty("a") String a,
        @JsonProperty("b") String b,
        @JsonProperty("start") String start,
        @JsonProperty("trials") Integer trials,
        @JsonProperty("parallel") Integer parallel) {

    /** One cell, {@code trials} times. */
    public static RaceRequest of(ConflictCell c, int trials) {
        return new RaceRequest(c.family(), c.a(), c.b(), c.start(), trials, null);
    }
}
