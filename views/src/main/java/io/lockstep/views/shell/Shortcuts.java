package io.lockstep.views.shell;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every keyboard shortcut of the console, listed in one place (F1 shows this). */
public final class Shortcuts {

    private Shortcuts() {
    }

    public static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Page p : Page.values()) {
            p.shortcutDigit().ifPresent(d -> m.put("Ctrl+" + d, p.title()));
        }
        m.put("Ctrl+F", "Filter the Resources tables");
        m.put("Ctrl+N", "New share");
        m.put("Delete", "Delete the selected row (asks first)");
        m.put("Up / Down, Page Up / Page Down, Home / End", "Move through a table");
        m.put("Tab / Shift+Tab", "Move between controls");
        m.put("Ctrl+Shift+P", "Presenter mode on or off");
        m.put("F1", "This list");
        return m;
    }
}
