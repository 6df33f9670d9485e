package io.lockstep.backend.access;

import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.statemachine.ResourceMachines;
import java.util.LinkedHashMap;
import java.util.Map;

/** Manila's access rule JSON, field by field as each microversion shows it. */
final class AccessView {

    private static final Microversion KEY = new Microversion(2, 21);
    private static final Microversion RULE_STATES = new Microversion(2, 28);
    private static final Microversion TIMES = new Microversion(2, 33);
    private static final Microversion METADATA = new Microversion(2, 45);
    /** Before 2.28 a rule showed its share's access status, {@code new} while syncing. */
    private static final String LEGACY_SYNCING = "new";

    private AccessView() {
    }

    /**
     * One rule; {@code withShare} for a show (lists leave the share's id out, as Manila's do);
     * {@code shareAccessStatus} is what a client before 2.28 sees as its state.
     */
    static Map<String, Object> of(AccessRule r, Microversion v, boolean withShare, String shareAccessStatus) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.id());
        if (withShare) {
            d.put("share_id", r.shareId());
        }
        d.put("access_level", r.accessLevel());
        d.put("access_to", r.accessTo());
        d.put("access_type", r.accessType());
        d.put("state", v.atLeast(RULE_STATES) ? r.state() : legacyState(shareAccessStatus));
        if (v.atLeast(KEY)) {
            d.put("access_key", r.accessKey());
        }
        if (v.atLeast(TIMES)) {
            d.put("created_at", ManilaTime.format(r.createdAt()));
            d.put("updated_at", ManilaTime.format(r.updatedAt()));
        }
        if (v.atLeast(METADATA)) {
            d.put("metadata", r.metadata());
        }
        return d;
    }

    private static String legacyState(String shareAccessStatus) {
        return ResourceMachines.ACCESS_RULES_STATUS.busy().equals(shareAccessStatus) ? LEGACY_SYNCING
                : shareAccessStatus;
    }
}
