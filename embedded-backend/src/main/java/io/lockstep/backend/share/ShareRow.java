package io.lockstep.backend.share;

import java.util.Map;

/**
 * A row of the shares table. Immutable.
 *
 * @param typeSpecs its type's capability specs a share shows ({@link ShareView#TYPE_CAPABILITIES})
 * @param accessRulesStatus derived from its access rules' states in the same read
 */
public record ShareRow(String id, String projectId, String userId, String name, String description, int size,
                       String shareProto, String status, String host, String exportLocation, boolean isPublic,
                       Map<String, String> metadata, long createdAt, long updatedAt, String taskState,
                       String shareTypeId, String shareTypeName, String availabilityZone,
                       Map<String, String> typeSpecs, String accessRulesStatus, String snapshotId,
                       Long scheduledToBeDeletedAt, String shareNetworkId, String shareServerId,
                       int replicas) {
}
