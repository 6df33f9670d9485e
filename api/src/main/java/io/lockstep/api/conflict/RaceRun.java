package io.lockstep.api.conflict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A race run on a node: {@code running} or {@code done}, how many of its cells are done, the trials run
 * and the violations found so far.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaceRun(
        @JsonProperty("id") String id,
        @JsonProperty("state") String state,
        @JsonProperty("cells") int cells,
        @JsonProperty("cells_done") int cellsDone,
        @JsonProperty("trials") long trials,
        @JsonProperty("violations") long violations,
        @JsonProperty("started_at") long startedAt,
        @JsonProperty("finished_at") Long finishedAt) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";

    public boolean running() {
        return RUNNING.equals(state);
    }
}
