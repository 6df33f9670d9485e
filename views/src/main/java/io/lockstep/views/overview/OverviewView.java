package io.lockstep.views.overview;

import io.lockstep.api.event.Event;
import io.lockstep.views.live.EventCell;
import io.lockstep.views.live.LiveModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Cards of figures; each figure is a link to the list behind it. */
public final class OverviewView {

    private final OverviewViewModel vm;
    private final VBox content = new VBox(16);
    private final FlowPane stateCards = new FlowPane(16, 16);
    private final Map<String, Hyperlink> links = new LinkedHashMap<>();

    public OverviewView(OverviewViewModel vm) {
        this(vm, null);
    }

    /** @param nodes the cluster's node cards, shown under the figures (null: none) */
    public OverviewView(OverviewViewModel vm, Node nodes) {
        this.vm = vm;
        content.setPadding(new Insets(16));
        content.setId("overview");
        Label title = new Label("Overview");
        title.getStyleClass().add("title-2");
        vm.counts().addListener((ListChangeListener<OverviewViewModel.StateCount>) c -> fillStates());
        fillStates();
        HBox attention = new HBox(16, figure("Shares stuck > 2 min", "stuck-shares", vm.stuckSharesProperty(),
                        () -> vm.openStuck(LiveModel.SHARE)),
                figure("Snapshots stuck > 2 min", "stuck-snapshots", vm.stuckSnapshotsProperty(),
                        () -> vm.openStuck(LiveModel.SNAPSHOT)),
                figure("Refused attempts, last minute", "refused-last-minute", vm.refusedLastMinuteProperty(),
                        vm::openRefusals));
        content.getChildren().addAll(title, stateCards, attention);
        if (nodes != null) {
            content.getChildren().add(nodes);
        }
        content.getChildren().add(errors());
    }

    public Node root() {
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private void fillStates() {
        List<String> keys = vm.counts().stream().map(c -> c.resource() + "/" + c.state()).toList();
        if (keys.equals(List.copyOf(links.keySet()))) {
            // Same states as before: only the numbers change, so the cards are not rebuilt each pulse.
            vm.counts().forEach(c -> links.get(c.resource() + "/" + c.state()).setText(Integer.toString(c.count())));
            return;
        }
        links.clear();
        stateCards.getChildren().clear();
        for (String type : vm.counts().stream().map(OverviewViewModel.StateCount::resource).distinct().toList()) {
            GridPane grid = new GridPane();
            grid.setHgap(18);
            grid.setVgap(4);
            int row = 0;
            for (var c : vm.counts()) {
                if (!c.resource().equals(type)) {
                    continue;
                }
                Label state = new Label(c.state());
                state.getStyleClass().addAll("badge", "badge-" + c.kind().name().toLowerCase(Locale.ROOT));
                Hyperlink n = new Hyperlink(Integer.toString(c.count()));
                n.setId("count-" + type + "-" + c.state());
                n.getStyleClass().add("figure-small");
                String key = c.resource() + "/" + c.state();
                n.setOnAction(e -> vm.open(vm.counts().stream()
                        .filter(x -> (x.resource() + "/" + x.state()).equals(key)).findFirst().orElse(c)));
                links.put(key, n);
                grid.addRow(row++, state, n);
            }
            VBox card = card(capitalize(type) + "s by state", grid);
            stateCards.getChildren().add(card);
        }
    }

    private Node figure(String caption, String id, javafx.beans.value.ObservableIntegerValue value, Runnable open) {
        Hyperlink n = new Hyperlink();
        n.setId(id);
        n.textProperty().bind(Bindings.convert(value));
        n.getStyleClass().add("figure");
        n.setOnAction(e -> open.run());
        return card(caption, n);
    }

    private Node errors() {
        ListView<Event> list = new ListView<>(vm.recentErrors());
        list.setId("recent-errors");
        list.setPrefHeight(220);
        list.setPlaceholder(new Label("No errors since the console started."));
        list.setCellFactory(l -> new EventCell(e -> e.resourceType() + " " + e.resourceId() + "  " + e.from() + " → "
                + e.to() + " (" + e.operation() + ")"
                + (e.message() == null || e.message().isBlank() ? "" : ": " + e.message())));
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                vm.openResource(list.getSelectionModel().getSelectedItem());
            }
        });
        return card("Recent errors (double-click to open)", list);
    }

    private static VBox card(String caption, Node body) {
        Label c = new Label(caption);
        c.getStyleClass().add("card-caption");
        VBox card = new VBox(8, c, body);
        card.getStyleClass().add("overview-card");
        card.setPadding(new Insets(12));
        return card;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
