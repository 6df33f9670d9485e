package io.lockstep.backend.request;

/** No such resource (or it is deleted, or in another project). Maps to HTTP 404. */
public final class ResourceNotFound extends RuntimeException {

    public ResourceNotFound(String resourceType, String id) {
        super(capitalize(resourceType) + " " + id + " could not be found.");
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
