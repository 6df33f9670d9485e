package io.lockstep.views.shell;

import io.lockstep.api.auth.Role;
import io.lockstep.views.live.ConnectionState;
import io.lockstep.views.live.LiveModel;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The window's state: the page shown, the theme, and the status bar's figures (connection, endpoint,
 * role, events per second, last event). FX thread only.
 */
public final class MainViewModel {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final LiveModel model;
    private final javafx.beans.property.ReadOnlyStringWrapper endpoint =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "endpoint");
    private final javafx.beans.property.ReadOnlyStringWrapper node =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "node", "");
    private final Role role;
    private final String mode;
    private final BooleanSupplier systemPrefersDark;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.OVERVIEW);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.SYSTEM);
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper(this, "dark");

    private final javafx.beans.property.ObjectProperty<Runnable> connections =
            new javafx.beans.property.SimpleObjectProperty<>(this, "connections");

    private final ObjectProperty<Runnable> about = new SimpleObjectProperty<>(this, "about");

    /** What the sidebar's "Connections…" opens (the application's profile dialog); null hides it. */
    public javafx.beans.property.ObjectProperty<Runnable> connectionsProperty() {
        return connections;
    }

    /** What the sidebar's "About Lockstep" opens (the application knows its versions and folders); null hides it. */
    public ObjectProperty<Runnable> aboutProperty() {
        return about;
    }

    private final javafx.beans.property.BooleanProperty presenter =
            new javafx.beans.property.SimpleBooleanProperty(this, "presenter");

    public MainViewModel(LiveModel model, String endpoint, Role role, String mode, BooleanSupplier systemPrefersDark) {
        this.model = model;
        this.endpoint.set(endpoint);
        this.role = role;
        this.mode = mode;
        this.systemPrefersDark = systemPrefersDark;
        theme.addListener((o, a, b) -> dark.set(resolveDark(b)));
        dark.set(resolveDark(theme.get()));
    }

    private boolean resolveDark(Theme t) {
        return t == Theme.DARK || (t == Theme.SYSTEM && systemPrefersDark.getAsBoolean());
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Presenter mode: larger type and stronger contrast, for a projector or a shared screen. */
    public javafx.beans.property.BooleanProperty presenterProperty() {
        return presenter;
    }

    /** Whether the dark variant is in use, after resolving {@link Theme#SYSTEM}. */
    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyObjectProperty<ConnectionState> connectionProperty() {
        return model.connectionProperty();
    }

    /** A viewer token: the service refuses every write, and the console says so up front. */
    public boolean readOnly() {
        return !role.allows(Role.OPERATOR);
    }

    public StringBinding connectionText() {
        return Bindings.createStringBinding(() -> model.connectionProperty().get().label(), model.connectionProperty());
    }

    public BooleanBinding reconnecting() {
        return Bindings.createBooleanBinding(() -> model.connectionProperty().get() == ConnectionState.RECONNECTING,
                model.connectionProperty());
    }

    public StringBinding eventsPerSecondText() {
        return Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%.1f events/s",
                model.eventsPerSecondProperty().get()), model.eventsPerSecondProperty());
    }

    public StringBinding lastEventText() {
        return Bindings.createStringBinding(() -> {
            Instant t = model.lastEventAtProperty().get();
            return "last event " + (t == null ? "none yet" : TIME.format(t)) + " (#" + model.lastEventIdProperty().get() + ")";
        }, model.lastEventAtProperty(), model.lastEventIdProperty());
    }

    /** The node this console talks to now: it changes when the one in use dies and the client moves on. */
    public javafx.beans.property.ReadOnlyStringProperty endpointProperty() {
        return endpoint.getReadOnlyProperty();
    }

    /** The name of the node serving this console ({@code GET /lockstep/v1/session}), "" until known. */
    public javafx.beans.property.ReadOnlyStringProperty nodeProperty() {
        return node.getReadOnlyProperty();
    }

    /** The console now talks to {@code node} at {@code uri}. FX thread. */
    public void servedBy(String uri, String nodeName) {
        endpoint.set(uri);
        node.set(nodeName == null ? "" : nodeName);
    }

    /** The sidebar's badge: where the console is, the node serving it, and READ-ONLY where it applies. */
    public StringBinding badgeText() {
        String where = mode.replace(" · READ-ONLY", "");
        boolean readOnly = readOnly() || mode.contains("READ-ONLY");
        return Bindings.createStringBinding(() -> where + (node.get().isBlank() ? "" : " · node " + node.get())
                + (readOnly ? " · READ-ONLY" : ""), node);
    }

    public String roleText() {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** "embedded lab" or "remote". */
    public String mode() {
        return mode;
    }

    public LiveModel model() {
        return model;
    }
}
