package io.lockstep.views.live;

/** What the console knows about its link to the service; shown rather than stale data. */
public enum ConnectionState {
    CONNECTING("Connecting"),
    LIVE("Live"),
    RECONNECTING("Reconnecting"),
    CLOSED("Closed");

    private final String label;

    ConnectionState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
