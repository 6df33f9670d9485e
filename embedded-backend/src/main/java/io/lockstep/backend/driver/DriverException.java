package io.lockstep.backend.driver;

/** The storage backend refused or failed an operation; the resource goes to the operation's error state. */
public class DriverException extends Exception {

    public DriverException(String message) {
        super(message);
    }
}
