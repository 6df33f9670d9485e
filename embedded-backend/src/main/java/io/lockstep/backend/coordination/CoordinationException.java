package io.lockstep.backend.coordination;

/** ZooKeeper could not be reached or answered with an error; nothing was granted. */
public final class CoordinationException extends RuntimeException {

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
