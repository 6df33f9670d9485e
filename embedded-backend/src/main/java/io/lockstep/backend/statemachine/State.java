package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.StateKind;

/** One status of a resource type. Immutable. */
public record State(String name, StateKind kind, String description) {
}
