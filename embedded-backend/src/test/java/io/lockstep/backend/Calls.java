package io.lockstep.backend;

import io.lockstep.client.ApiException;

/** The HTTP status of a client call, for tests that assert on refusals. */
public final class Calls {

    private Calls() {
    }

    /** {@code accepted} when the call returns, else the status the service refused it with. */
    public static int status(Runnable call, int accepted) {
        try {
            call.run();
            return accepted;
        } catch (ApiException e) {
            return e.status();
        }
    }
}
