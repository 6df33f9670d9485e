package io.lockstep.backend.lab;

/** A lab node operation that cannot be done now, with the HTTP status that says why. */
public final class LabNodeException extends RuntimeException {

    private final int status;

    public LabNodeException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
