package io.lockstep.backend.request;

/** The token's role lacks the right. Maps to HTTP 403. */
public final class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message);
    }
}
