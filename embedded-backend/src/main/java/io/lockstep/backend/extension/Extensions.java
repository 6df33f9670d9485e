package io.lockstep.backend.extension;

import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Manila's {@code GET /extensions}: the legacy extensions this service has, named and dated as Manila
 * names them. Manage and unmanage are left out: this service does not adopt or release shares.
 */
public final class Extensions {

    private record Extension(String alias, String name, String updated, String description) {
    }

    private static final List<Extension> SERVED = List.of(
            new Extension("os-extended-quotas", "ExtendedQuotas", "2013-06-09T00:00:00+00:00",
                    "Extend quotas. Adds ability for admins to delete quota and optionally force the update Quota "
                            + "command."),
            new Extension("os-quota-sets", "Quotas", "2011-08-08T00:00:00+00:00", "Quotas management support."),
            new Extension("os-quota-class-sets", "QuotaClasses", "2012-03-12T00:00:00+00:00",
                    "Quota classes management support."),
            new Extension("os-types-manage", "TypesManage", "2011-08-24T00:00:00+00:00", "Types manage support."),
            new Extension("share-actions", "ShareActions", "2012-08-14T00:00:00+00:00", "Enable share actions."),
            new Extension("os-availability-zone", "AvailabilityZones", "2015-07-28T00:00:00+00:00",
                    "Describe Availability Zones."),
            new Extension("os-user-quotas", "UserQuotas", "2013-07-18T00:00:00+00:00", "Project user quota support."),
            new Extension("os-share-type-access", "ShareTypeAccess", "2015-03-02T00:00:00Z",
                    "share type access support."),
            new Extension("os-types-extra-specs", "TypesExtraSpecs", "2011-08-24T00:00:00+00:00",
                    "Type extra specs support."),
            new Extension("os-admin-actions", "AdminActions", "2015-08-03T00:00:00+00:00", "Enable admin actions."),
            new Extension("os-used-limits", "UsedLimits", "2014-03-27T00:00:00+00:00",
                    "Provide data on limited resources that are being used."),
            new Extension("os-services", "Services", "2012-10-28T00:00:00-00:00", "Services support."));

    private final JsonRenderer json;

    public Extensions(JsonRenderer json) {
        this.json = json;
    }

    public void register(ManilaRouter r) {
        r.get("/extensions", ctx -> {
            Requests.caller(ctx);
            List<Map<String, Object>> out = SERVED.stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("alias", e.alias());
                m.put("updated", e.updated());
                m.put("name", e.name());
                m.put("links", List.of());
                m.put("description", e.description());
                return m;
            }).toList();
            json.render(ctx, 200, Map.of("extensions", out));
        });
    }
}
