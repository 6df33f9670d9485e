package io.lockstep.backend.event;

import io.lockstep.api.event.EventKind;
import java.util.Map;

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
        String message,
        Map<String, Object> row) {

    /** An event about no row (a rejection, a claim, a lock). */
    public NewEvent(EventKind kind, String resourceType, String resourceId, String projectId, String operation,
                    String from, String to, String actor, String message) {
        this(kind, resourceType, resourceId, projectId, operation, from, to, actor, message, null);
    }

    /** The same event with the row the change left. */
    public NewEvent withRow(Map<String, Object> compactRow) {
        return new NewEvent(kind, resourceType, resourceId, projectId, operation, from, to, actor, message,
                compactRow);
    }
}
