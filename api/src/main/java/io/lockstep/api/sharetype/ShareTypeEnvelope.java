package io.lockstep.api.sharetype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One share type, as {@code {"share_type": {...}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShareTypeEnvelope(@JsonProperty("share_type") ShareTypeView shareType) {
}
