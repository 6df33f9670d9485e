package io.lockstep.api.message;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One of Manila's asynchronous user messages: what happened to a resource that its project should
 * know, e.g. that a share was moved to an error state because the service working on it was lost.
 *
 * @param resourceType {@code SHARE} or {@code SHARE_SNAPSHOT}
 * @param actionId     Manila's action code: {@code 002} create, {@code 005} update, {@code 007} delete,
 *                     {@code 008} extend, {@code 009} shrink
 * @param messageLevel {@code ERROR}
 */
public record Message(
        @JsonProperty("id") String id,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        @JsonProperty("action_id") String actionId,
        @JsonProperty("detail_id") String detailId,
        @JsonProperty("message_level") String messageLevel,
        @JsonProperty("user_message") String userMessage,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("expires_at") String expiresAt,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("links") java.util.List<io.lockstep.api.Link> links) {

    public Message(String id, String projectId, String resourceType, String resourceId, String actionId,
                   String detailId, String messageLevel, String userMessage, String requestId, String createdAt,
                   String expiresAt) {
        this(id, projectId, resourceType, resourceId, actionId, detailId, messageLevel, userMessage, requestId,
                createdAt, expiresAt, null);
    }

    /** This message with its self and bookmark links under {@code base} (scheme and host). */
    public Message withLinks(String base) {
        return new Message(id, projectId, resourceType, resourceId, actionId, detailId, messageLevel, userMessage,
                requestId, createdAt, expiresAt, java.util.List.of(
                new io.lockstep.api.Link(base + "/v2/" + projectId + "/messages/" + id, "self"),
                new io.lockstep.api.Link(base + "/" + projectId + "/messages/" + id, "bookmark")));
    }
}
