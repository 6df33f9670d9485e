package io.lockstep.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Body of {@code GET /lockstep/v1/jobs/{id}}: the job, its progress over time and who held it when. */
public record JobDetail(
        @JsonProperty("job") JobView job,
        @JsonProperty("progress") List<Point> progress,
        @JsonProperty("attempts") List<Attempt> attempts) {

    /** One progress write. */
    public record Point(@JsonProperty("at") String at, @JsonProperty("bytes_done") long bytesDone,
                        @JsonProperty("rate_bps") long rateBps, @JsonProperty("owner") String owner) {
    }

    /** One claim of the job, from its start to its end (null while it lasts). */
    public record Attempt(@JsonProperty("attempt") int attempt, @JsonProperty("owner") String owner,
                          @JsonProperty("started_at") String startedAt, @JsonProperty("from_bytes") long fromBytes,
                          @JsonProperty("ended_at") String endedAt, @JsonProperty("to_bytes") Long toBytes,
                          @JsonProperty("outcome") String outcome) {
    }
}
