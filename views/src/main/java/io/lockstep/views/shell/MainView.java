package io.lockstep.views.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.live.ConnectionState;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The window's frame: the sidebar of pages, banners (reconnecting, the latest notice), the page, and
 * the status bar. Pages are built on first visit. Only binds and forwards intent.
 */
public final class MainView {

    private final MainViewModel vm;
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final Map<Page, Supplier<Node>> factories = new EnumMap<>(Page.class);
    private final Map<Page, Node> built = new EnumMap<>(Page.class);
    private final Map<Page, ToggleButton> buttons = new EnumMap<>(Page.class);
    private final javafx.beans.property.ObjectProperty<Runnable> guideAction = new javafx.beans.property.SimpleObjectProperty<>();

    public MainView(MainViewModel vm, NoticeBoard notices) {
        this.vm = vm;
        root.getStyleClass().add("main-view");
        root.setLeft(sidebar());
        VBox top = new VBox(reconnectBanner(), noticeBanner(notices));
        BorderPane center = new BorderPane(content);
        center.setTop(top);
        root.setCenter(center);
        root.setBottom(statusBar());
        vm.pageProperty().addListener((o, a, b) -> show(b));
        vm.darkProperty().addListener((o, a, b) -> applyTheme(b));
        vm.presenterProperty().addListener((o, a, on) -> presenter(on));
        applyTheme(vm.darkProperty().get());
    }

    /**
     * Docks the guided panel at the window's right while {@code open} is true; its button in the
     * sidebar opens it with {@code openIt}.
     */
    public void guide(Node panel, javafx.beans.value.ObservableValue<Boolean> open, Runnable openIt) {
        guideAction.set(openIt);
        open.addListener((o, was, is) -> {
            root.setRight(is ? panel : null);
            if (!is) {
                highlight(null);
            }
        });
    }

    /** Marks the page a guided step is about (null: none). */
    public void highlight(Page page) {
        buttons.forEach((p, b) -> {
            b.getStyleClass().remove("guided");
            if (p == page) {
                b.getStyleClass().add("guided");
            }
        });
    }

    /** Registers how a page is built; pages without one show what is coming. */
    public void page(Page page, Supplier<Node> factory) {
        factories.put(page, factory);
    }

    public Parent root() {
        return root;
    }

    /** Shows the current page; call once all pages are registered. */
    public void start() {
        show(vm.pageProperty().get());
    }

    private void show(Page page) {
        Node node = built.computeIfAbsent(page, p -> factories.containsKey(p) ? factories.get(p).get() : placeholder(p));
        content.getChildren().setAll(node);
        ToggleButton b = buttons.get(page);
        if (b != null && !b.isSelected()) {
            b.setSelected(true);
        }
    }

    private void presenter(boolean on) {
        root.getStyleClass().remove("presenter");
        if (on) {
            root.getStyleClass().add("presenter");
        }
    }

    /**
     * The application's look for every window. The console's start sets it before its splash, so the
     * theme's stylesheet is read while the service starts rather than after (JavaFX keeps it once read).
     */
    public static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    private Node sidebar() {
        VBox bar = new VBox(4);
        bar.getStyleClass().add("sidebar");
        bar.setPadding(new Insets(12, 8, 12, 8));
        bar.setPrefWidth(210);
        Label brand = new Label("Lockstep", new FontIcon("mdal-lock"));
        brand.getStyleClass().add("brand");
        Label mode = new Label();
        mode.setId("mode-badge");
        mode.textProperty().bind(vm.badgeText());
        mode.getStyleClass().add("mode-badge");
        mode.setWrapText(true); // a profile's name, the node and READ-ONLY must all show
        Tooltip modeTip = new Tooltip();
        modeTip.textProperty().bind(mode.textProperty());
        mode.setTooltip(modeTip);
        bar.getChildren().addAll(brand, mode, new Separator());
        ToggleGroup group = new ToggleGroup();
        for (Page p : Page.values()) {
            ToggleButton b = new ToggleButton(p.title(), new FontIcon(p.icon()));
            b.setId("nav-" + p.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            b.setToggleGroup(group);
            b.setMaxWidth(Double.MAX_VALUE);
            b.setAlignment(Pos.CENTER_LEFT);
            b.getStyleClass().add("nav-button");
            b.setTooltip(new Tooltip(p.title() + p.shortcutDigit().map(d -> "  (Ctrl+" + d + ")").orElse("")
                    + (p.comingIn() == null ? "" : "\nComing: " + p.comingIn())));
            if (p.comingIn() != null) {
                b.getStyleClass().add("coming");
            }
            b.setOnAction(e -> {
                if (b.isSelected()) {
                    vm.pageProperty().set(p);
                } else {
                    b.setSelected(true); // a page stays selected; clicking it again does nothing
                }
            });
            buttons.put(p, b);
            bar.getChildren().add(b);
        }
        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        ComboBox<Theme> theme = new ComboBox<>();
        theme.setId("theme");
        theme.getItems().setAll(Theme.values());
        theme.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Theme t) {
                return t == null ? "" : t.label();
            }

            @Override
            public Theme fromString(String s) {
                return null;
            }
        });
        theme.valueProperty().bindBidirectional(vm.themeProperty());
        theme.setMaxWidth(Double.MAX_VALUE);
        Label themeLabel = new Label("Theme");
        themeLabel.getStyleClass().add("text-muted");
        Button guided = sidebarAction("Guided scenarios", "mdmz-school", "guided-scenarios", guideAction);
        Button connections = sidebarAction("Connections…", "mdal-cloud_queue", "connections", vm.connectionsProperty());
        Button about = sidebarAction("About Lockstep", "mdal-info", "about", vm.aboutProperty());
        javafx.scene.control.CheckBox presenter = new javafx.scene.control.CheckBox("Presenter mode");
        presenter.setId("presenter-mode");
        presenter.setTooltip(new Tooltip("Larger type and stronger contrast, for a projector (Ctrl+Shift+P)"));
        presenter.selectedProperty().bindBidirectional(vm.presenterProperty());
        bar.getChildren().addAll(spacer, guided, connections, about, themeLabel, theme, presenter);
        return bar;
    }

    /** A sidebar button that runs what the application put in {@code action}, hidden while that is null. */
    private static Button sidebarAction(String text, String icon, String id,
                                        javafx.beans.property.ObjectProperty<Runnable> action) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setAlignment(Pos.CENTER_LEFT);
        b.visibleProperty().bind(action.isNotNull());
        b.managedProperty().bind(b.visibleProperty());
        b.setOnAction(e -> {
            Runnable r = action.get();
            if (r != null) {
                r.run();
            }
        });
        return b;
    }

    private Node placeholder(Page p) {
        Label title = new Label(p.title(), new FontIcon(p.icon()));
        title.getStyleClass().add("title-2");
        Label text = new Label("Not here yet. " + p.comingIn());
        text.setWrapText(true);
        text.getStyleClass().add("text-muted");
        VBox box = new VBox(12, title, text);
        box.setPadding(new Insets(24));
        box.setId("placeholder-" + p.name().toLowerCase(Locale.ROOT));
        return box;
    }

    private Node reconnectBanner() {
        Label l = new Label("Connection to the service lost. Reconnecting; the console will resume from the last "
                + "event it saw and miss nothing.", new FontIcon("mdmz-sync_problem"));
        l.setId("reconnect-banner");
        l.getStyleClass().add("banner-warning");
        l.setMaxWidth(Double.MAX_VALUE);
        l.visibleProperty().bind(vm.reconnecting());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private Node noticeBanner(NoticeBoard notices) {
        Label text = new Label();
        text.setId("notice");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> notices.latestProperty().get() == null ? ""
                : notices.latestProperty().get().text(), notices.latestProperty()));
        Button close = new Button(null, new FontIcon("mdal-close"));
        close.getStyleClass().add("flat");
        close.setOnAction(e -> notices.dismiss());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox box = new HBox(8, text, spacer, close);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(6, 12, 6, 12));
        box.visibleProperty().bind(notices.latestProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        notices.latestProperty().addListener((o, a, n) -> {
            box.getStyleClass().removeIf(c -> c.startsWith("notice-"));
            if (n != null) {
                box.getStyleClass().add("notice-" + n.level().name().toLowerCase(Locale.ROOT));
            }
        });
        box.getStyleClass().add("notice-" + Notice.Level.INFO.name().toLowerCase(Locale.ROOT));
        return box;
    }

    private Node statusBar() {
        Label state = new Label();
        state.setId("status-connection");
        state.textProperty().bind(vm.connectionText());
        // Listen to the property itself: a binding made only for a listener could be collected.
        vm.connectionProperty().addListener((o, a, b) -> connectionClass(state, b));
        connectionClass(state, vm.connectionProperty().get());
        Label endpoint = new Label();
        endpoint.textProperty().bind(vm.endpointProperty());
        endpoint.setId("status-endpoint");
        Label role = new Label("role: " + vm.roleText());
        role.setId("status-role");
        Label eps = new Label();
        eps.setId("status-eps");
        eps.textProperty().bind(vm.eventsPerSecondText());
        Label last = new Label();
        last.setId("status-last-event");
        last.textProperty().bind(vm.lastEventText());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label help = new Label("F1: shortcuts");
        help.getStyleClass().add("text-muted");
        HBox bar = new HBox(14, state, sep(), endpoint, sep(), role, sep(), eps, sep(), last, spacer, help);
        bar.getStyleClass().add("status-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 12, 4, 12));
        return bar;
    }

    private static void connectionClass(Label label, ConnectionState state) {
        label.getStyleClass().removeIf(c -> c.startsWith("conn-"));
        label.getStyleClass().add("conn-" + state.name().toLowerCase(Locale.ROOT));
    }

    private static Node sep() {
        return new Separator(javafx.geometry.Orientation.VERTICAL);
    }
}
