package io.lockstep.api.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One entry of the event log. Ids are gapless and increase in commit order, so a reader that
 * remembers the last id it saw can resume without missing or repeating anything.
 *
 * @param from null for a create
 * @param to   for a rejection, the state the caller wanted (null when it was a create)
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
        @JsonProperty("message") String message) {
}
