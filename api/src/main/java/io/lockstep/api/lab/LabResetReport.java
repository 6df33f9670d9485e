package io.lockstep.api.lab;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Body of {@code POST /lockstep/v1/lab/reset} (202, the reset started) and {@code GET /lockstep/v1/lab/reset}
 * (the last one): what putting the lab back to a known state did. Its end is also a {@code node} event.
 *
 * @param status    {@code running} or {@code done}
 * @param ended     resources whose ending operation the reset started (each ends with its transition event)
 * @param restarted nodes that were stopped or killed and run again
 * @param remaining resources still not ended when the reset gave up ({@code kind id (status)}); empty when clean
 * @param seconds   how long it took
 */
public record LabResetReport(
        @JsonProperty("status") String status,
        @JsonProperty("ended") int ended,
        @JsonProperty("restarted") List<String> restarted,
        @JsonProperty("remaining") List<String> remaining,
        @JsonProperty("seconds") double seconds) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    /** The {@code node} event that ends a reset: on resource {@code lab}, operation {@code reset}. */
    public static final String EVENT_RESOURCE = "lab";
    public static final String EVENT_OPERATION = "reset";
    /** Its {@code to}: every resource ended, or some could not be. */
    public static final String EVENT_CLEAN = "reset";
    public static final String EVENT_INCOMPLETE = "reset_incomplete";

    public static LabResetReport started() {
        return new LabResetReport(RUNNING, 0, List.of(), List.of(), 0);
    }

    public boolean done() {
        return DONE.equals(status);
    }
}
