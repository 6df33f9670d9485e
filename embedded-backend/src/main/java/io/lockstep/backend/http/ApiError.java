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

    public ErrorDetail detail() {
        return detail;
    }
}
