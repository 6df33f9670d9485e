package io.lockstep.backend.request;

/** A create or resize that would pass a quota: Manila's 413, with the resource named. */
public final class OverQuota extends RuntimeException {

    private final String resource;

    public OverQuota(String resource, String message) {
        super(message);
        this.resource = resource;
    }

    /** The quota resource that would be passed ({@code gigabytes}). */
    public String resource() {
        return resource;
    }
}
