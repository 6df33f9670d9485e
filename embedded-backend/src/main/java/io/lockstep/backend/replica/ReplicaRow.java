package io.lockstep.backend.replica;

/** A row of the share_replicas table, with its share's protocol and size. Immutable. */
public record ReplicaRow(String id, String shareId, String projectId, String status, String replicaState,
                         String host, String availabilityZone, String exportLocation, Long lagMs,
                         Long lastSyncedAt, long version, long createdAt, long updatedAt, String shareProto,
                         int size, String shareNetworkId) {

    /** The pool part of the host ({@code host@backend#pool2}). */
    public String pool() {
        return poolOf(host);
    }

    static String poolOf(String host) {
        return host == null ? null : host.substring(host.indexOf('#') + 1);
    }
}
