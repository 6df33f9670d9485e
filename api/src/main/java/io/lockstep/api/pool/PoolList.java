package io.lockstep.api.pool;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"pools": [...]}}. */
public record PoolList(@JsonProperty("pools") List<StoragePoolView> pools) {
}
