package io.lockstep.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of Manila's {@code GET /v2/{project_id}/services}. */
public record ManilaServiceList(@JsonProperty("services") List<ManilaService> services) {
}
