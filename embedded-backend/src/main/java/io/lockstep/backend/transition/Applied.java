package io.lockstep.backend.transition;

/** A transition that happened, with the id of its event. */
public record Applied(String resourceType, String resourceId, String projectId, String operation,
                      String from, String to, long eventId) {
}
