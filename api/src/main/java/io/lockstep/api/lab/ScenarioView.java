package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A bundled scenario as the console shows it: its narration per step, the page each step is about,
 * and what each step's checks say ({@code GET /lockstep/v1/lab/scenarios}).
 */
public record ScenarioView(@JsonProperty("name") String name, @JsonProperty("title") String title,
                           @JsonProperty("summary") String summary, @JsonProperty("steps") List<Step> steps) {

    public record Step(@JsonProperty("say") String say, @JsonProperty("show") String show,
                       @JsonProperty("checks") List<String> checks) {
    }
}
