package io.lockstep.api.statemachine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * How a client starts an operation over HTTP, as the service routes it. A client (the console, the
 * generated tests) builds the request from this alone.
 *
 * @param kind    {@code create} (POST to {@code path} with {@code {envelope: body}}), {@code delete}
 *                (DELETE {@code path}), {@code action} (POST {@code path} with {@code {action: body}}),
 *                {@code parent_action} (POST {@code path}, the parent's action route, with
 *                {@code {action: body}}: a create when {@code idArgument} is null, else an operation on the
 *                child named by that argument) or {@code internal} (started by another operation; no
 *                request of its own)
 * @param method  the HTTP method, null for {@code internal}
 * @param path    below {@code /v2/{project_id}}, with {@code {id}} for the resource's id (for
 *                {@code parent_action}, the parent's)
 * @param action  the action's name (Manila's {@code os-} prefix is accepted too), else null
 * @param envelope the key a create's body is wrapped in, else null
 * @param example a valid body (or action argument); {@code "{parent_id}"} stands for the parent's id,
 *                {@code "{unique_ip}"} for an address no other request of the run uses
 * @param idArgument for a {@code parent_action} on an existing child: the argument carrying its id
 * @param parentExample for a create: fields the parent must have been created with (a replica needs a share
 *                of a type with a {@code replication_type}), merged into the parent's example; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TriggerDescriptor(
        @JsonProperty("kind") String kind,
        @JsonProperty("method") String method,
        @JsonProperty("path") String path,
        @JsonProperty("action") String action,
        @JsonProperty("envelope") String envelope,
        @JsonProperty("example") Map<String, Object> example,
        @JsonProperty("id_argument") String idArgument,
        @JsonProperty("parent_example") Map<String, Object> parentExample) {

    public TriggerDescriptor(String kind, String method, String path, String action, String envelope,
                             Map<String, Object> example) {
        this(kind, method, path, action, envelope, example, null, null);
    }

    public TriggerDescriptor(String kind, String method, String path, String action, String envelope,
                             Map<String, Object> example, String idArgument) {
        this(kind, method, path, action, envelope, example, idArgument, null);
    }

    /** Whether a client starts it with a request of its own. */
    public boolean routed() {
        return method != null;
    }
}
