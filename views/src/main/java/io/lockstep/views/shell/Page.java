package io.lockstep.views.shell;

/** The sidebar's places. Those with {@code comingIn} are announced but not built yet. */
public enum Page {
    OVERVIEW("Overview", "mdal-dashboard", null),
    RESOURCES("Resources", "mdmz-storage", null),
    SHARE_TYPES("Share types", "mdal-label", null),
    CAPACITY("Pools and quotas", "mdal-data_usage", null),
    NETWORKS("Share networks", "mdmz-settings_ethernet", null),
    STATE_MACHINES("State machines", "mdal-account_tree", null),
    CONFLICTS("Conflict matrix", "mdal-grid_on", null),
    LOCKS("Locks", "mdal-lock", null),
    LEADERS("Leaders and services", "mdal-how_to_vote", null),
    JOBS("Jobs", "mdal-hourglass_empty", null),
    AUDIT("Audit", "mdal-history", null),
    RECYCLE_BIN("Recycle bin", "mdal-delete_outline", null),
    LAB("Lab", "mdmz-science", null);

    private final String title;
    private final String icon;
    private final String comingIn;

    Page(String title, String icon, String comingIn) {
        this.title = title;
        this.icon = icon;
        this.comingIn = comingIn;
    }

    /** The digit of its Ctrl shortcut: 1 to 9 in order, 0 for the tenth; empty after that. */
    public java.util.Optional<String> shortcutDigit() {
        int n = ordinal() + 1;
        return n <= 9 ? java.util.Optional.of(Integer.toString(n)) : n == 10 ? java.util.Optional.of("0")
                : java.util.Optional.empty();
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
