package io.lockstep.views.cluster;

import io.lockstep.api.coordination.HolderView;
import io.lockstep.api.coordination.LockFamilyStats;
import io.lockstep.api.coordination.LockHolding;
import io.lockstep.views.live.LiveSelection;
import io.lockstep.views.live.Times;
import io.lockstep.views.live.TickingCell;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Held locks with ticking hold times and the long holds flagged, the break action, and per-family statistics. */
public final class LocksView {

    private final LocksViewModel vm;
    private final Node root;

    public LocksView(LocksViewModel vm) {
        this.vm = vm;
        Label title = new Label("Locks");
        title.getStyleClass().add("title-2");
        Label source = new Label();
        source.textProperty().bind(vm.model().coordinatorProperty());
        source.getStyleClass().add("text-muted");
        Spinner<Integer> threshold = new Spinner<>(1, 3600, vm.longHoldSecondsProperty().get());
        threshold.setId("long-hold-threshold");
        threshold.setEditable(true);
        threshold.setPrefWidth(90);
        threshold.valueProperty().addListener((o, a, b) -> vm.longHoldSecondsProperty().set(b));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Node breakButton = GuardedButton.of("break-lock", "Break lock…", "mdal-lock_open", true,
                () -> vm.breakAvailability(vm.selectedProperty().get()), () -> vm.breakLock(vm.selectedProperty().get()),
                vm.selectedProperty(), vm.model().knownProperty(), vm.model().revisionProperty());
        HBox bar = new HBox(8, source, grow, new Label("Flag holds longer than"), threshold, new Label("s"),
                breakButton);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        TableView<LockHolding> held = heldTable();
        Label heldTitle = new Label("Held now");
        heldTitle.getStyleClass().add("title-4");
        Label heldHelp = new Label("Locks guard status changes only, never a long-running task: a hold over the "
                + "threshold is a bug, flagged in red. A lock may be broken only when its holder's node is gone.");
        heldHelp.getStyleClass().add("text-muted");
        heldHelp.setWrapText(true);
        heldHelp.setMinHeight(Region.USE_PREF_SIZE);
        Label statsTitle = new Label("Per lock family (answering node's measurements)");
        statsTitle.getStyleClass().add("title-4");
        TableView<LockFamilyStats> stats = statsTable();
        VBox content = new VBox(10, bar, heldTitle, heldHelp, held, statsTitle, stats);
        VBox.setVgrow(held, Priority.ALWAYS);
        VBox page = new VBox(10, title, UnknownCover.over(content, vm.model(), "locks"));
        VBox.setVgrow(page.getChildren().get(1), Priority.ALWAYS);
        page.setPadding(new Insets(16));
        page.setId("locks");
        this.root = page;
        // Hold times tick and flags appear without waiting for the next answer: the cells follow the clock.
    }

    public Node root() {
        return root;
    }

    private TableView<LockHolding> heldTable() {
        TableView<LockHolding> t = new TableView<>(vm.locks());
        t.setId("lock-table");
        t.setPlaceholder(new Label("No lock is held right now."));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(text("Lock", 220, LockHolding::name));
        t.getColumns().add(text("Holder", 180, l -> who(l.holder())));
        t.getColumns().add(text("Purpose", 160, l -> l.holder() == null ? "" : l.holder().purpose()));
        TableColumn<LockHolding, LockHolding> heldFor = new TableColumn<>("Held for");
        heldFor.setPrefWidth(120);
        heldFor.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        heldFor.setCellFactory(c -> new TickingCell<>(vm.model().nowProperty(), vm.longHoldSecondsProperty()) {
            private final FontIcon warning = new FontIcon("mdmz-warning");

            @Override
            protected void draw(LockHolding l) {
                setText(Times.humanDuration(vm.heldFor(l)));
                boolean longHeld = vm.isLongHeld(l);
                TickingCell.styleClass(this, "long-held", longHeld);
                setGraphic(longHeld ? warning : null);
            }

            @Override
            protected void clear() {
                TickingCell.styleClass(this, "long-held", false);
            }
        });
        t.getColumns().add(heldFor);
        t.getColumns().add(text("Fencing token", 110, l -> Long.toString(l.fencingToken())));
        t.getColumns().add(text("Waiters", 200, l -> l.waiters().isEmpty() ? "none" : l.waiters().size() + ": "
                + l.waiters().stream().map(LocksView::who).collect(Collectors.joining(", "))));
        t.getColumns().add(text("Holder's node", 110, l -> l.holderAlive() ? "alive" : "gone"));
        LiveSelection.bind(t, vm.selectedProperty(), LockHolding::name);
        return t;
    }

    private TableView<LockFamilyStats> statsTable() {
        TableView<LockFamilyStats> t = new TableView<>(vm.stats());
        t.setId("lock-stats");
        t.setPrefHeight(170);
        t.setPlaceholder(new Label("No lock taken through this node yet."));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(statText("Family", LockFamilyStats::family));
        t.getColumns().add(statText("Acquisitions", s -> Long.toString(s.acquisitions())));
        t.getColumns().add(statText("Contended", s -> Long.toString(s.contended())));
        t.getColumns().add(statText("Timeouts", s -> Long.toString(s.timeouts())));
        t.getColumns().add(statText("Wait p50 / p99", s -> ms(s.waitP50Us()) + " / " + ms(s.waitP99Us())));
        t.getColumns().add(statText("Hold p50 / p99", s -> ms(s.holdP50Us()) + " / " + ms(s.holdP99Us())));
        t.getColumns().add(statText("Longest hold", s -> ms(s.holdMaxUs()) + (s.longestHolder() == null ? ""
                : " by " + s.longestHolder())));
        return t;
    }

    private static String ms(long micros) {
        return String.format("%.2f ms", micros / 1000.0);
    }

    static String who(HolderView h) {
        return h == null ? "" : h.service() + "@" + h.node();
    }

    private static TableColumn<LockHolding, String> text(String title, double width, Function<LockHolding, String> f) {
        TableColumn<LockHolding, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        return c;
    }

    private static TableColumn<LockFamilyStats, String> statText(String title, Function<LockFamilyStats, String> f) {
        TableColumn<LockFamilyStats, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        return c;
    }
}
