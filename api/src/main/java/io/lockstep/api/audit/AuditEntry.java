package io.lockstep.api.audit;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One write through the API, as {@code GET /lockstep/v1/audit} lists it.
 *
 * @param action  what was asked: {@code create}, {@code delete}, a Manila action ({@code extend},
 *                {@code migration_start}) or a console action ({@code break}, {@code step-down})
 * @param seen    the status the caller said it saw (X-Lockstep-Expected-Status), or null
 * @param outcome the HTTP status answered
 * @param message the refusal's reason, null when it was accepted
 */
public record AuditEntry(
        @JsonProperty("id") long id,
        @JsonProperty("at") String at,
        @JsonProperty("node") String node,
        @JsonProperty("actor") String actor,
        @JsonProperty("role") String role,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("method") String method,
        @JsonProperty("path") String path,
        @JsonProperty("action") String action,
        @JsonProperty("target_type") String targetType,
        @JsonProperty("target_id") String targetId,
        @JsonProperty("seen") String seen,
        @JsonProperty("outcome") int outcome,
        @JsonProperty("message") String message,
        @JsonProperty("request_id") String requestId) {

    public boolean accepted() {
        return outcome >= 200 && outcome < 300;
    }
}
