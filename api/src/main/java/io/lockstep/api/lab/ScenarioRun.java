package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A scenario being played on the lab, step by step ({@code /lockstep/v1/lab/scenario-runs/{id}}).
 *
 * @param done     how many steps have run to their end
 * @param running  whether a step is running now
 * @param outcomes every check's outcome so far, in order
 * @param problem  why the run could not go on (its set-up was refused), or null
 */
public record ScenarioRun(@JsonProperty("id") String id, @JsonProperty("scenario") String scenario,
                          @JsonProperty("steps") int steps, @JsonProperty("done") int done,
                          @JsonProperty("running") boolean running, @JsonProperty("outcomes") List<Outcome> outcomes,
                          @JsonProperty("problem") String problem) {

    /** A check's outcome: {@code step} counts from 0. */
    public record Outcome(@JsonProperty("step") int step, @JsonProperty("says") String says,
                          @JsonProperty("passed") boolean passed, @JsonProperty("detail") String detail) {
    }

    public boolean finished() {
        return done >= steps && !running;
    }
}
