package io.lockstep.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/jobs}, newest first. */
public record JobList(@JsonProperty("jobs") List<JobView> jobs) {
}
