package io.lockstep.views.shell;

/** The operator's theme choice; {@link #SYSTEM} follows the desktop where it can be read. */
public enum Theme {
    SYSTEM("Follow the system"),
    LIGHT("Light"),
    DARK("Dark");

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
