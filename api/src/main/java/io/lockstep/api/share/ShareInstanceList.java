package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"share_instances": [...]}}. */
public record ShareInstanceList(@JsonProperty("share_instances") List<ShareInstance> shareInstances) {
}
