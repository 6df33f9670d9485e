package io.lockstep.api.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A share server as {@code GET /share-servers} shows it; {@code lockstep_status} is its state in the
 * declared machine (Manila's {@code status} shows a setup phase as {@code creating}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ShareServer(
        @JsonProperty("id") String id,
        @JsonProperty("status") String status,
        @JsonProperty("lockstep_status") String lockstepStatus,
        @JsonProperty("host") String host,
        @JsonProperty("share_network_id") String shareNetworkId,
        @JsonProperty("share_network_name") String shareNetworkName,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("updated_at") String updatedAt,
        @JsonProperty("network_allocations") List<Allocation> networkAllocations,
        @JsonProperty("shares") List<String> shares) {

    /** An address the network plugin allocated to the server. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Allocation(@JsonProperty("ip_address") String ipAddress, @JsonProperty("label") String label) {
    }
}
