package io.lockstep.api.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"share_networks": [...]}}. */
public record ShareNetworkList(@JsonProperty("share_networks") List<ShareNetwork> shareNetworks) {
}
