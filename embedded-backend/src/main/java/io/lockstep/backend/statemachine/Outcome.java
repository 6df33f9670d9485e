package io.lockstep.backend.statemachine;

/** What a worker reports when its attempt ends; the machine chooses the state. Immutable. */
public sealed interface Outcome {

    /** The message recorded with the transition, or null. */
    String message();

    static Outcome ok() {
        return new Ok(null);
    }

    static Outcome ok(String message) {
        return new Ok(message);
    }

    static Outcome failed(Failure why, String message) {
        return new Failed(why, message);
    }

    record Ok(String message) implements Outcome {
    }

    record Failed(Failure why, String message) implements Outcome {
    }
}
