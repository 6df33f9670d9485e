package io.lockstep.backend.coordination;

import java.time.Duration;

/** A lock was not granted in time; the operation did not start and changed nothing. */
public final class LockTimeoutException extends RuntimeException {

    public LockTimeoutException(String name, Duration waited, Holder holder) {
        super("lock " + name + " not granted within " + waited.toMillis() + " ms"
                + (holder == null ? "" : "; held by " + holder));
    }
}
