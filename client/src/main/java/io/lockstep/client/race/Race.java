package io.lockstep.client.race;

/**
 * The races the harness fires: two calls at one share, released by one barrier. The first three
 * race the share's own operations; the last three race migrations (jobs) against each other and a delete.
 */
public enum Race {
    DELETE_WHILE_SNAPSHOTTING("delete-while-snapshotting", "delete", "snapshot"),
    DOUBLE_DELETE("double-delete", "delete", "delete"),
    DOUBLE_SNAPSHOT("double-snapshot", "snapshot", "snapshot"),
    DOUBLE_MIGRATION_START("double-migration-start", "migration_start", "migration_start"),
    DELETE_DURING_MIGRATION_START("delete-vs-migration-start", "delete", "migration_start"),
    CANCEL_VS_COMPLETE("cancel-vs-complete", "migration_cancel", "migration_complete");

    private final String label;
    private final String first;
    private final String second;

    Race(String label, String first, String second) {
        this.label = label;
        this.first = first;
        this.second = second;
    }

    /** The races of a share's own operations (the console's lab panel fires these). */
    public static java.util.List<Race> shareRaces() {
        return java.util.List.of(DELETE_WHILE_SNAPSHOTTING, DOUBLE_DELETE, DOUBLE_SNAPSHOT);
    }

    public String label() {
        return label;
    }

    public String first() {
        return first;
    }

    public String second() {
        return second;
    }
}
