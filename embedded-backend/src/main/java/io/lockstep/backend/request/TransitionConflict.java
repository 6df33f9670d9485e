package io.lockstep.backend.request;

import java.util.List;

/**
 * A test-and-set changed nothing: the resource was not in a state the operation allows, not in the
 * state the caller saw, or related rows blocked it. Nothing was written. Maps to HTTP 409.
 */
public final class TransitionConflict extends RuntimeException {

    private final String resourceType;
    private final String resourceId;
    private final String operation;
    private final List<String> expected;
    private final String actual;
    private final List<String> blockers;
    private final String wanted;
    private final String projectId;
    private String actor;

    public TransitionConflict(String resourceType, String resourceId, String projectId, String operation,
                              List<String> expected, String actual, List<String> blockers, String wanted,
                              String message) {
        super(message);
        this.projectId = projectId;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
        this.operation = operation;
        this.expected = List.copyOf(expected);
        this.actual = actual;
        this.blockers = List.copyOf(blockers);
        this.wanted = wanted;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }

    /** Who asked, for the rejection event. */
    public String actor() {
        return actor;
    }

    public TransitionConflict by(String who) {
        this.actor = who;
        return this;
    }

    public String projectId() {
        return projectId;
    }

    public String operation() {
        return operation;
    }

    /** The states the resource had to be in. */
    public List<String> expected() {
        return expected;
    }

    /** The state it was in. */
    public String actual() {
        return actual;
    }

    /** Ids of related resources that blocked the change (e.g. the share's live snapshots). */
    public List<String> blockers() {
        return blockers;
    }

    /** The state the operation would have moved it to. */
    public String wanted() {
        return wanted;
    }
}
