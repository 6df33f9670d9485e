package io.lockstep.app;

/** A start-up failure already phrased for the operator. */
final class StartupException extends RuntimeException {

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
