package io.lockstep.backend.node;

/**
 * A part of a node with a lifecycle of its own. A node closes (or kills) its components in the reverse
 * of the order it started them; each is told once.
 */
interface Component {

    /** Stops cleanly: work handed back, sessions closed. */
    void close();

    /** Stops as a crash would: nothing handed back. By default the same as {@link #close()}. */
    default void kill() {
        close();
    }

    static Component of(Runnable close, Runnable kill) {
        return new Component() {
            @Override
            public void close() {
                close.run();
            }

            @Override
            public void kill() {
                kill.run();
            }
        };
    }
}
