package io.lockstep.backend.share;

import java.util.Map;

/**
 * The share list filters Manila has beyond a list's common ones. Null (or empty) means "not filtered".
 *
 * @param nameLike        {@code name~}: the name contains it, in any case
 * @param withPublic      {@code is_public=true}: other projects' public shares too
 * @param exportLocation  {@code export_location_id} or {@code export_location_path}
 * @param metadata        every pair must be in the share's metadata
 * @param extraSpecs      every pair must be in its type's extra specs
 * @param snapshotId      made from this snapshot
 * @param softDeleted     the recycle bin's shares instead of the others
 * @param shareNetworkId  on this share network
 * @param shareServerId   on this share server (admins)
 */
public record ShareFilter(String nameLike, String description, String descriptionLike, String host,
                          String shareTypeId, String zone, boolean withPublic, String exportLocationId,
                          String exportLocationPath, Map<String, String> metadata, Map<String, String> extraSpecs,
                          String snapshotId, boolean softDeleted, String shareNetworkId, String shareServerId) {

    public static final ShareFilter NONE = new ShareFilter(null, null, null, null, null, null, false, null, null,
            Map.of(), Map.of(), null, false, null, null);

    /** Whether some filter is applied after reading rows (paging then happens after it too). */
    boolean afterRead() {
        return !metadata.isEmpty() || exportLocationId != null;
    }
}
