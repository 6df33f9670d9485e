package io.lockstep.api.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code transition}: a status changed; {@code rejected}: a request was refused by a test-and-set. */
public enum EventKind {
    TRANSITION, REJECTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
