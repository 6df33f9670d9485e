package io.lockstep.api.share;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"access_list": [...]}}. */
public record AccessRuleList(@JsonProperty("access_list") List<AccessRule> accessList) {
}
