package io.lockstep.api.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One entry of the event log. Ids are gapless and increase in commit order, so a reader that
 * remembers the last id it saw can resume without missing or repeating anything.
 *
 * @param from null for a create
 * @param to   for a rejection, the state the caller wanted (null when it was a create)
 * @param row  the resource's compact row as the change left it (name, size, parent, a job's figures), so
 *             that a reader needs no second request; null for events about no row
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event(
        @JsonProperty("id") long id,
        @JsonProperty("at") String at,
        @JsonProperty("kind") EventKind kind,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("operation") String operation,
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("actor") String actor,
        @JsonProperty("message") String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("row") Map<String, Object> row) {

    /** An event without a row. */
    public Event(long id, String at, EventKind kind, String resourceType, String resourceId, String projectId,
                 String operation, String from, String to, String actor, String message) {
        this(id, at, kind, resourceType, resourceId, projectId, operation, from, to, actor, message, null);
    }
}
