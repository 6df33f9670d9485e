package io.lockstep.api.replica;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code GET /v2/share-replicas/detail}. */
public record ShareReplicaList(@JsonProperty("share_replicas") List<ShareReplica> shareReplicas) {
}
