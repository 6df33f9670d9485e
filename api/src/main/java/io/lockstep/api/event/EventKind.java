package io.lockstep.api.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code transition}: a status changed; {@code rejected}: a request was refused by a test-and-set;
 * {@code leader}: an election has a new leader ({@code resource_id} the election, {@code to} the node,
 * the term in the message); {@code service}: a service went {@code up} or {@code down}
 * ({@code resource_id} its services row id, {@code binary@host} in the message).
 */
public enum EventKind {
    TRANSITION, REJECTED, LEADER, SERVICE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
