package io.lockstep.backend.driver;

/**
 * What the backend says of a secondary replica when the replication leader polls it.
 *
 * @param reachable whether it is being kept in step (its pool, the active one's and the link are up)
 * @param lagMs     how far it trails the active replica
 * @param reason    why it is not reachable, else null
 */
public record ReplicaHealth(boolean reachable, long lagMs, String reason) {
}
