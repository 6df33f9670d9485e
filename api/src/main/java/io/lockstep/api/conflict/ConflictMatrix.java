package io.lockstep.api.conflict;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /lockstep/v1/conflicts}: every cell of every family's matrix. */
public record ConflictMatrix(@JsonProperty("cells") List<ConflictCell> cells) {
}
