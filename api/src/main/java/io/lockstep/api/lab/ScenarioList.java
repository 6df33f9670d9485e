package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record ScenarioList(@JsonProperty("scenarios") List<ScenarioView> scenarios) {
}
