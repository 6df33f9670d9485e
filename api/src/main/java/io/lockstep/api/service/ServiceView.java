package io.lockstep.api.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One service as Lockstep shows it.
 *
 * @param state          {@code up} or {@code down}: down when the heartbeat is older than service_down_time
 * @param status         {@code enabled} or {@code disabled} (a disabled service takes no new work)
 * @param heartbeatAgeMs how old the last heartbeat was when the answer was made
 * @param inGroup        whether the service is a live member of its coordination group
 */
public record ServiceView(
        @JsonProperty("id") long id,
        @JsonProperty("binary") String binary,
        @JsonProperty("host") String host,
        @JsonProperty("node") String node,
        @JsonProperty("zone") String zone,
        @JsonProperty("status") String status,
        @JsonProperty("state") String state,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("heartbeat_age_ms") long heartbeatAgeMs,
        @JsonProperty("report_count") long reportCount,
        @JsonProperty("disabled_reason") String disabledReason,
        @JsonProperty("in_group") boolean inGroup) {
}
