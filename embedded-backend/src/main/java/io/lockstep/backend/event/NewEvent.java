package io.lockstep.backend.event;

import io.lockstep.api.event.EventKind;

/** An event about to be appended; the log gives it its id and time. */
public record NewEvent(
        EventKind kind,
        String resourceType,
        String resourceId,
        String projectId,
        String operation,
        String from,
        String to,
        String actor,
        String message) {
}
