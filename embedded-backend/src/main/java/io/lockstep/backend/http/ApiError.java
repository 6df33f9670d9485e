package io.lockstep.backend.http;

import io.lockstep.api.error.ErrorDetail;

/** An error to answer with Manila's error body; thrown by handlers, rendered by {@link ApiServer}. */
public final class ApiError extends RuntimeException {

    private final ErrorDetail detail;

    public ApiError(ErrorDetail detail) {
        super(detail.message());
        this.detail = detail;
    }

    public ApiError(int code, String message) {
        this(ErrorDetail.of(code, message));
    }

    /** A 400 naming the field at fault. */
    public static ApiError field(String field, String message) {
        return field(400, field, message, null);
    }

    /** A 400 naming the field at fault and the values it may take. */
    public static ApiError field(String field, String message, java.util.List<String> allowed) {
        return field(400, field, message, allowed);
    }

    /** An error of {@code code} naming the field at fault and, if a closed set, the values it may take. */
    public static ApiError field(int code, String field, String message, java.util.List<String> allowed) {
        return new ApiError(new ErrorDetail(code, message, null, null, null, null, null, field, allowed));
    }

    public ErrorDetail detail() {
        return detail;
    }
}
