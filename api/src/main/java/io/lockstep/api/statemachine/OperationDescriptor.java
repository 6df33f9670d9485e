package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One operation of a resource type.
 *
 * @param name    operation name, e.g. {@code delete}
 * @param style   {@code create} (inserts the resource in {@code via}), {@code async} (from -> via, then
 *                a worker moves it to a success or error state) or {@code set} (from -> a status the
 *                caller chooses among {@code success}, in one step)
 * @param from    states the resource must be in (empty for {@code create})
 * @param via     the transitional state while the work runs; null for {@code set}
 * @param success states the operation ends in when it works
 * @param errors  states it ends in when it fails, the first being the default
 * @param role    least role allowed to run it: {@code operator} or {@code admin}
 * @param guards  conditions on related rows
 * @param trigger how a client starts it over HTTP
 */
public record OperationDescriptor(
        @JsonProperty("name") String name,
        @JsonProperty("style") String style,
        @JsonProperty("from") List<String> from,
        @JsonProperty("via") String via,
        @JsonProperty("success") List<String> success,
        @JsonProperty("errors") List<String> errors,
        @JsonProperty("role") String role,
        @JsonProperty("guards") List<GuardDescriptor> guards,
        @JsonProperty("description") String description,
        @JsonProperty("trigger") TriggerDescriptor trigger) {
}
