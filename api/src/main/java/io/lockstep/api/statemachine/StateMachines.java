package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/state-machines}. */
public record StateMachines(@JsonProperty("state_machines") List<StateMachineDescriptor> stateMachines) {
}
