package io.lockstep.client;

import io.lockstep.api.error.ErrorDetail;

/** The server refused a request; {@link #detail()} is its Manila error body's inner object. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final transient ErrorDetail detail;

    public ApiException(int status, ErrorDetail detail) {
        super("HTTP " + status + ": " + (detail == null ? "(no body)" : detail.message()));
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public ErrorDetail detail() {
        return detail;
    }
}
