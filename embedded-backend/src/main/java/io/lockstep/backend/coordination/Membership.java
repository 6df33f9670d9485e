package io.lockstep.backend.coordination;

/** This node's membership of a group; it lasts while the node's session does. Close it to leave. */
public interface Membership extends AutoCloseable {

    String group();

    String memberId();

    /** Replaces the payload other members see (e.g. what the service is doing). */
    void update(String payload);

    @Override
    void close();
}
