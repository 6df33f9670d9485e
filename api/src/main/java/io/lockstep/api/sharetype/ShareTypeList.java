package io.lockstep.api.sharetype;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /types}: the share types (Manila repeats them as {@code volume_types}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShareTypeList(@JsonProperty("share_types") List<ShareTypeView> shareTypes) {
}
