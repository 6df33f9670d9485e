package io.lockstep.backend.request;

import java.util.List;

/** Bad input: names the field and, where it is a closed set, the allowed values. Maps to HTTP 400. */
public final class InvalidRequest extends RuntimeException {

    private final String field;
    private final List<String> allowed;

    public InvalidRequest(String field, String message) {
        this(field, message, null);
    }

    public InvalidRequest(String field, String message, List<String> allowed) {
        super(message);
        this.field = field;
        this.allowed = allowed == null ? null : List.copyOf(allowed);
    }

    public String field() {
        return field;
    }

    public List<String> allowed() {
        return allowed;
    }
}
