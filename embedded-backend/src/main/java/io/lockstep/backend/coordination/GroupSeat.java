package io.lockstep.backend.coordination;

import java.util.function.Consumer;

/** A {@link Membership} made of what its coordinator does to update and to leave. Thread-safe if those are. */
record GroupSeat(String group, String memberId, Consumer<String> updater, Runnable leaver) implements Membership {

    @Override
    public void update(String payload) {
        updater.accept(payload);
    }

    @Override
    public void close() {
        leaver.run();
    }
}
