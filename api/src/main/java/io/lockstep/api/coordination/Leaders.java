package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/leaders}. */
public record Leaders(@JsonProperty("elections") List<ElectionView> elections) {
}
