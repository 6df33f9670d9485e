package io.lockstep.api.pool;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** A pool of {@code /scheduler-stats/pools/detail}: its name, where it is, and what it reports. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoragePoolView(
        @JsonProperty("name") String name,
        @JsonProperty("host") String host,
        @JsonProperty("backend") String backend,
        @JsonProperty("pool") String pool,
        @JsonProperty("capabilities") Map<String, Object> capabilities) {

    /** A numeric capability (0 when absent). */
    public double number(String key) {
        Object v = capabilities == null ? null : capabilities.get(key);
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** A boolean capability (false when absent). */
    public boolean flag(String key) {
        return capabilities != null && Boolean.TRUE.equals(capabilities.get(key));
    }

    public String zone() {
        Object z = capabilities == null ? null : capabilities.get("availability_zone");
        return z == null ? "" : z.toString();
    }
}
