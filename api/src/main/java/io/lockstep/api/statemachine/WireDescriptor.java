package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a resource kind is read on the API: {@code GET /<collection>/{id}} answers
 * {@code {<envelope>: {..., <statusField>: ..., <parentField>: ...}}}.
 *
 * @param minVersion  the least microversion that serves it (Manila added some collections late)
 * @param statusField {@code status} for most kinds, {@code state} for Manila's access rules
 * @param parentField the field naming the parent's id, or null for a root kind
 */
public record WireDescriptor(
        @JsonProperty("collection") String collection,
        @JsonProperty("envelope") String envelope,
        @JsonProperty("status_field") String statusField,
        @JsonProperty("parent_field") String parentField,
        @JsonProperty("min_version") String minVersion) {
}
