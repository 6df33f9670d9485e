package io.lockstep.client.race;

/** The three races the harness fires: two calls at one share, released by one barrier. */
public enum Race {
    DELETE_WHILE_SNAPSHOTTING("delete-while-snapshotting", "delete", "snapshot"),
    DOUBLE_DELETE("double-delete", "delete", "delete"),
    DOUBLE_SNAPSHOT("double-snapshot", "snapshot", "snapshot");

    private final String label;
    private final String first;
    private final String second;

    Race(String label, String first, String second) {
        this.label = label;
        this.first = first;
        this.second = second;
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
