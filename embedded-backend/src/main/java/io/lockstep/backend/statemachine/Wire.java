package io.lockstep.backend.statemachine;

/**
 * Where a resource kind lives on the API. Immutable.
 *
 * @param collection its path below {@code /v2/{project_id}}, e.g. {@code share-backups}
 * @param envelope   the key its bodies are wrapped in, e.g. {@code share_backup}
 * @param noun       what messages call one, e.g. {@code share backup}
 */
public record Wire(String collection, String envelope, String noun) {
}
