package io.lockstep.api.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a token may do. Each role can do everything the roles before it can. */
public enum Role {
    /** Reads everything, changes nothing. */
    VIEWER,
    /** Creates, deletes, extends and shrinks resources. */
    OPERATOR,
    /** Also resets statuses, force-deletes, sees every project and changes the lab. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
