package io.lockstep.api.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockstep.api.statemachine.StateDescriptor;
import java.util.List;

/**
 * Body of {@code GET /lockstep/v1/job-machine}: the jobs' statuses and, per kind, the phases a job
 * passes through (for migrations, Manila's {@code task_state}s).
 */
public record JobMachineDescriptor(
        @JsonProperty("statuses") List<StatusDescriptor> statuses,
        @JsonProperty("kinds") List<KindDescriptor> kinds) {

    /** One status and the statuses it may move to. */
    public record StatusDescriptor(@JsonProperty("state") StateDescriptor state,
                                   @JsonProperty("next") List<String> next) {
    }

    /** One kind of job: the phase it is created in and every phase with its successors. */
    public record KindDescriptor(@JsonProperty("kind") String kind, @JsonProperty("first") List<String> first,
                                 @JsonProperty("phases") List<PhaseDescriptor> phases,
                                 @JsonProperty("description") String description) {
    }

    /**
     * One phase. {@code claimable}: a data service has work to do in it (it is resumed after a
     * hand-off); {@code awaits_operator}: the job waits for an operator's call (e.g. migration_complete).
     */
    public record PhaseDescriptor(@JsonProperty("name") String name, @JsonProperty("claimable") boolean claimable,
                                  @JsonProperty("awaits_operator") boolean awaitsOperator,
                                  @JsonProperty("status") String status, @JsonProperty("next") List<String> next,
                                  @JsonProperty("description") String description) {
    }
}
