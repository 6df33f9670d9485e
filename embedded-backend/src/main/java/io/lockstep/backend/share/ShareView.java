package io.lockstep.backend.share;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE;

import io.lockstep.api.Link;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.zone.AvailabilityZones;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A share as Manila's view builder shows it: each field from the microversion that added it (and gone
 * from the one that removed it), {@code host} and {@code share_server_id} for admins only, the
 * snapshot capabilities from the share's type.
 */
public final class ShareView {

    /** The type's extra specs a share reports as its own capabilities. */
    public static final List<String> TYPE_CAPABILITIES = List.of("snapshot_support",
            "create_share_from_snapshot_support", "revert_to_snapshot_support", "mount_snapshot_support",
            "replication_type");

    /** Every share's rules are in force: there are no access rules yet to be otherwise (issue 18 derives it). */

    private static Microversion v(int minor) {
        return new Microversion(2, minor);
    }

    private ShareView() {
    }

    static Map<String, Object> summary(ShareRow r, String base) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("name", r.name());
        out.put("links", links(r, base));
        return out;
    }

    private static final java.util.Set<String> BINNED = java.util.Set.copyOf(SHARE.operation("soft_delete").success());

    /**
     * The status as Manila shows it: a binned share keeps the status it was binned from (Manila flags it
     * with is_soft_deleted); before 2.54 a share being made from a snapshot shows as being created.
     */
    private static String shownStatus(String status, Microversion v) {
        if (BINNED.contains(status)) {
            return SHARE.operation("restore_from_bin").successState();
        }
        return !v.atLeast(v(54)) && status.equals(SHARE.operation("create_from_snapshot").via())
                ? SHARE.createOperation().orElseThrow().via() : status;
    }

    static Map<String, Object> detail(ShareRow r, String base, Microversion v, boolean admin) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.id());
        d.put("size", r.size());
        d.put("availability_zone", r.availabilityZone() != null ? r.availabilityZone() : AvailabilityZones.NAME);
        d.put("created_at", ManilaTime.format(r.createdAt()));
        d.put("updated_at", ManilaTime.format(r.updatedAt()));
        d.put("status", shownStatus(r.status(), v));
        d.put("name", r.name());
        d.put("description", r.description());
        d.put("project_id", r.projectId());
        d.put("snapshot_id", r.snapshotId());
        d.put("share_network_id", r.shareNetworkId());
        d.put("share_proto", r.shareProto());
        d.put("metadata", r.metadata());
        d.put("share_type", v.atLeast(v(6)) ? r.shareTypeId() : r.shareTypeName());
        d.put("volume_type", r.shareTypeName());
        d.put("links", links(r, base));
        d.put("is_public", r.isPublic());
        if (!v.atLeast(v(9))) { // export locations have an API of their own from 2.9
            d.put("export_location", r.exportLocation());
            d.put("export_locations", r.exportLocation() == null ? List.of() : List.of(r.exportLocation()));
        }
        if (v.atLeast(v(2))) {
            d.put("snapshot_support", supports(r, "snapshot_support"));
        }
        if (v.atLeast(v(5))) {
            d.put("task_state", r.taskState());
        }
        if (v.atLeast(v(6))) {
            d.put("share_type_name", r.shareTypeName());
        }
        if (v.atLeast(v(10))) {
            d.put("access_rules_status", r.accessRulesStatus());
        }
        if (v.atLeast(v(11))) {
            d.put("replication_type", r.typeSpecs().get("replication_type"));
            d.put("has_replicas", r.replicas() > 0);
        }
        if (v.atLeast(v(16))) {
            d.put("user_id", r.userId());
        }
        if (v.atLeast(v(24))) {
            d.put("create_share_from_snapshot_support", supports(r, "create_share_from_snapshot_support"));
        }
        if (v.atLeast(v(27))) {
            d.put("revert_to_snapshot_support", supports(r, "revert_to_snapshot_support"));
        }
        if (v.atLeast(v(31))) {
            d.put("share_group_id", null);
            d.put("source_share_group_snapshot_member_id", null);
        }
        if (v.atLeast(v(32))) {
            d.put("mount_snapshot_support", supports(r, "mount_snapshot_support"));
        }
        if (v.atLeast(v(54))) {
            boolean creating = r.status().equals(SHARE.createOperation().orElseThrow().via());
            d.put("progress", creating ? "0%" : "100%");
        }
        if (v.atLeast(v(69))) {
            d.put("is_soft_deleted", BINNED.contains(r.status()));
            d.put("scheduled_to_be_deleted_at", r.scheduledToBeDeletedAt() == null ? null
                    : ManilaTime.format(r.scheduledToBeDeletedAt()));
        }
        if (v.atLeast(v(80))) {
            d.put("source_backup_id", null);
        }
        if (admin) {
            d.put("share_server_id", r.shareServerId());
            d.put("host", r.host());
        }
        return d;
    }

    private static boolean supports(ShareRow r, String capability) {
        String v = r.typeSpecs().get(capability);
        return v != null && v.strip().toLowerCase(java.util.Locale.ROOT).matches("(<is>\\s*)?(true|t|yes|1|on)");
    }

    private static List<Link> links(ShareRow r, String base) {
        return List.of(new Link(base + "/v2/" + r.projectId() + "/shares/" + r.id(), "self"),
                new Link(base + "/" + r.projectId() + "/shares/" + r.id(), "bookmark"));
    }
}
