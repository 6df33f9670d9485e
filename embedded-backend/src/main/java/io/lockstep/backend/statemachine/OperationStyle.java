package io.lockstep.backend.statemachine;

import java.util.Locale;

/** How an operation moves a resource. */
public enum OperationStyle {
    /** Inserts the resource in its transitional state; a worker finishes it. */
    CREATE,
    /** From an allowed state into a transitional state; a worker moves it to success or error. */
    ASYNC,
    /** From an allowed state straight to a state the caller names (reset_status). */
    SET;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
