package io.lockstep.api.error;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The inner object of Manila's error body, {@code {"conflictingRequest": {"code": 409, "message": ...}}}.
 * Lockstep adds structured fields that Manila clients ignore: for a conflict the resource, the states
 * it had to be in, the state it was in and the related resources that blocked it; for bad input the
 * field and what it allows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorDetail(
        @JsonProperty("code") int code,
        @JsonProperty("message") String message,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        @JsonProperty("expected") List<String> expected,
        @JsonProperty("actual") String actual,
        @JsonProperty("blockers") List<String> blockers,
        @JsonProperty("field") String field,
        @JsonProperty("allowed") List<String> allowed) {

    public static ErrorDetail of(int code, String message) {
        return new ErrorDetail(code, message, null, null, null, null, null, null, null);
    }

    /** Manila's fault name for an HTTP status, the key of the error body. */
    public static String faultName(int code) {
        return switch (code) {
            case 400 -> "badRequest";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "itemNotFound";
            case 405 -> "badMethod";
            case 409 -> "conflictingRequest";
            case 413, 429 -> "overLimit";
            case 415 -> "badMediaType";
            case 501 -> "notImplemented";
            case 503 -> "serviceUnavailable";
            default -> "computeFault";
        };
    }
}
