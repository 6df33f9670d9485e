package io.lockstep.backend.driver;

/**
 * The storage behind the service. Every operation is idempotent: repeating a create returns the same
 * result, deleting what is gone succeeds. Called with no lock held; may take seconds.
 * Implementations are thread-safe.
 */
public interface ShareDriver {

    /** Creates the share and returns its export location. */
    String createShare(String shareId, int sizeGb, String proto) throws DriverException;

    void deleteShare(String shareId) throws DriverException;

    void extendShare(String shareId, int newSizeGb) throws DriverException;

    /** @throws PossibleDataLossException if the share holds more than {@code newSizeGb} */
    void shrinkShare(String shareId, int newSizeGb) throws DriverException;

    /** Takes the snapshot and returns its provider location. */
    String createSnapshot(String snapshotId, String shareId) throws DriverException;

    void deleteSnapshot(String snapshotId) throws DriverException;

    /**
     * Applies a share's queued access changes in one call, as Manila's {@code update_access} does: the
     * rules to add and those to remove. A rule the storage cannot serve for the share's protocol is
     * refused in the answer (the others still apply); removing what is not there succeeds.
     *
     * @return what became of each added rule, by its id
     */
    java.util.Map<String, AccessChange.Result> updateAccess(String shareId, String proto, java.util.List<AccessChange> add,
                                                         java.util.List<AccessChange> delete) throws DriverException;

    /** Reverts the share's data to the snapshot's (the latest of the share). */
    void revertToSnapshot(String shareId, String snapshotId) throws DriverException;

    /** Makes a new share holding the snapshot's data and returns its export location. */
    String createShareFromSnapshot(String shareId, int sizeGb, String proto, String snapshotId) throws DriverException;

    /**
     * Makes a replica of the share on {@code pool}, copying the share's data from its active replica, and
     * returns the replica's export location. Fails while that pool or the replication link is down.
     */
    String createReplica(String replicaId, String shareId, String pool, int sizeGb, String proto)
            throws DriverException;

    /** Deletes a secondary replica and its copy. */
    void deleteReplica(String replicaId) throws DriverException;

    /** Copies again what the replica lacks from the active one (fails while its pool or the link is down). */
    void resyncReplica(String replicaId, String shareId, String pool, int sizeGb) throws DriverException;

    /** Makes the replica on {@code pool} the writable one; the old active becomes a secondary. */
    void promoteReplica(String replicaId, String pool) throws DriverException;

    /** How far a secondary on {@code pool} trails the active replica on {@code activePool}. */
    ReplicaHealth replicaHealth(String replicaId, String pool, String activePool);
}
