package io.lockstep.api.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"share_servers": [...]}}. */
public record ShareServerList(@JsonProperty("share_servers") List<ShareServer> shareServers) {
}
