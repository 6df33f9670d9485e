package io.lockstep.backend.statemachine;

/**
 * Where a resource kind lives on the API. Immutable.
 *
 * @param collection  its path below {@code /v2/{project_id}}, e.g. {@code share-backups}
 * @param envelope    the key its bodies are wrapped in, e.g. {@code share_backup}
 * @param noun        what messages call one, e.g. {@code share backup}
 * @param statusField the field its status is shown in ({@code state} for Manila's access rules)
 * @param minVersion  the least microversion that serves its collection
 */
public record Wire(String collection, String envelope, String noun, String statusField, String minVersion) {

    public Wire(String collection, String envelope, String noun) {
        this(collection, envelope, noun, "status", "2.0");
    }
}
