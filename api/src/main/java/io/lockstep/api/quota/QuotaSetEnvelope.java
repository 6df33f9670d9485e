package io.lockstep.api.quota;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {"quota_set": {...}}}: in detail each resource maps to {@code in_use}, {@code limit} and
 * {@code reserved}; otherwise to its limit. {@code id} names the project.
 */
public record QuotaSetEnvelope(@JsonProperty("quota_set") Map<String, Object> quotaSet) {

    /** One resource of a detailed quota set. */
    public record Line(QuotaResource resource, int inUse, int limit, int reserved) {
    }

    /** The detailed lines, in Manila's resource order, for the resources present. */
    public Map<QuotaResource, Line> lines() {
        Map<QuotaResource, Line> out = new LinkedHashMap<>();
        for (QuotaResource r : QuotaResource.values()) {
            if (quotaSet != null && quotaSet.get(r.wire()) instanceof Map<?, ?> m) {
                out.put(r, new Line(r, number(m.get("in_use")), number(m.get("limit")), number(m.get("reserved"))));
            }
        }
        return out;
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }
}
