package io.lockstep.views.shell;

/** The sidebar's places. Those with {@code comingIn} are announced but not built yet. */
public enum Page {
    OVERVIEW("Overview", "mdal-dashboard", null),
    RESOURCES("Resources", "mdmz-storage", null),
    STATE_MACHINES("State machines", "mdal-account_tree", null),
    CONFLICTS("Conflict matrix", "mdal-grid_on", null),
    LOCKS("Locks", "mdal-lock", null),
    LEADERS("Leaders and services", "mdal-how_to_vote", null),
    JOBS("Jobs", "mdal-hourglass_empty", null),
    AUDIT("Audit", "mdal-history", null),
    LAB("Lab", "mdmz-science", null);

    private final String title;
    private final String icon;
    private final String comingIn;

    Page(String title, String icon, String comingIn) {
        this.title = title;
        this.icon = icon;
        this.comingIn = comingIn;
    }

    public String title() {
        return title;
    }

    public String icon() {
        return icon;
    }

    /** Why the page is empty for now, or null when it is built. */
    public String comingIn() {
        return comingIn;
    }
}
