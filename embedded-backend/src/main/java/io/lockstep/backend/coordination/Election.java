package io.lockstep.backend.coordination;

import java.util.function.Consumer;

/**
 * This node's place in one leader election. Leadership can end at any time (a SUSPENDED connection
 * counts as lost), so leader duties check {@link #isLeader()} before each step. Thread-safe; close it
 * to leave the election.
 */
public interface Election extends AutoCloseable {

    String name();

    boolean isLeader();

    /** The term this node leads in, or 0 when it does not lead. Terms grow with every new leader. */
    long term();

    /** Gives leadership up and rejoins at the back; another participant takes over if there is one. */
    void stepDown();

    /** Told true when this node becomes leader and false when it stops being leader. */
    void onChange(Consumer<Boolean> listener);

    @Override
    void close();
}
