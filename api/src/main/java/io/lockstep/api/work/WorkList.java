package io.lockstep.api.work;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/work}: pending work items, oldest first (at most 1000). */
public record WorkList(@JsonProperty("items") List<WorkView> items) {
}
