package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a state means to an operator: at rest, work in progress, needs attention, or gone. */
public enum StateKind {
    STABLE, TRANSITIONAL, ERROR, TERMINAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StateKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
