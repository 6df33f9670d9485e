package io.lockstep.views.replay;

import io.lockstep.api.event.Event;
import javafx.animation.AnimationTimer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The replay controls (a bar above the diagrams) and what the system was at the position (a timeline
 * of the events and each resource's status then, below them). Played once per pulse by an
 * {@link AnimationTimer} while playing, so the events reach the diagrams in one batch per frame.
 */
public final class ReplayView {

    private final ReplayViewModel vm;
    private final HBox bar = new HBox(8);
    private final HBox pane = new HBox(8);
    private final ListView<Event> timeline = new ListView<>();
    private final TableView<History.Status> statuses = new TableView<>();
    private boolean following;
    /** Held here: a bidirectional binding keeps only a weak reference to the wrapper asObject() makes. */
    private final javafx.beans.property.ObjectProperty<Double> speedObject;
    private final AnimationTimer pulse = new AnimationTimer() {
        private long last;

        @Override
        public void start() {
            last = 0;
            super.start();
        }

        @Override
        public void handle(long now) {
            if (last != 0) {
                vm.tick(now - last);
            }
            last = now;
        }
    };

    public ReplayView(ReplayViewModel vm) {
        this.vm = vm;
        this.speedObject = vm.speedProperty().asObject();
        buildBar();
        buildPane();
        vm.playingProperty().addListener((o, a, playing) -> {
            if (playing) {
                pulse.start();
            } else {
                pulse.stop();
                showStatuses();
            }
        });
        vm.positionProperty().addListener((o, a, b) -> follow());
        vm.historyProperty().addListener((o, a, h) -> {
            timeline.getItems().setAll(h.events());
            follow();
            showStatuses();
        });
        vm.replayingProperty().addListener((o, a, on) -> showStatuses());
    }

    /** The controls, above the diagrams. */
    public Node bar() {
        return bar;
    }

    /** The timeline and the statuses at the position, shown below the diagrams while replaying. */
    public Node pane() {
        return pane;
    }

    private void buildBar() {
        bar.setId("replay-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 8, 6, 8));
        Button enter = new Button("Replay the log", new FontIcon("mdmz-replay"));
        enter.setId("replay-enter");
        enter.disableProperty().bind(vm.loadingProperty());
        enter.setOnAction(e -> vm.load(null));
        Button start = icon("mdmz-skip_previous", "replay-start", "To the start");
        start.setOnAction(e -> vm.seek(0));
        Button back = icon("mdal-chevron_left", "replay-back", "One event back");
        back.setOnAction(e -> vm.stepBack());
        Button play = new Button();
        play.setId("replay-play");
        play.graphicProperty().bind(Bindings.createObjectBinding(() -> new FontIcon(vm.playingProperty().get()
                ? "mdmz-pause" : "mdmz-play_arrow"), vm.playingProperty()));
        play.setOnAction(e -> {
            if (vm.playingProperty().get()) {
                vm.pause();
            } else {
                vm.play();
            }
        });
        Button forward = icon("mdal-chevron_right", "replay-forward", "One event on");
        forward.setOnAction(e -> vm.stepForward());
        ComboBox<Double> speed = new ComboBox<>();
        speed.setId("replay-speed");
        speed.getItems().setAll(ReplayViewModel.SPEEDS);
        speed.setConverter(new StringConverter<>() {
            @Override
            public String toString(Double d) {
                return d == null ? "" : (d == Math.floor(d) ? String.valueOf(d.intValue()) : String.valueOf(d)) + "×";
            }

            @Override
            public Double fromString(String s) {
                return null;
            }
        });
        speed.valueProperty().bindBidirectional(speedObject);
        Slider scrub = new Slider();
        scrub.setId("replay-scrub");
        scrub.maxProperty().bind(Bindings.createDoubleBinding(() -> (double) vm.historyProperty().get().size(),
                vm.historyProperty()));
        scrub.valueProperty().addListener((o, a, b) -> {
            if (!following) {
                vm.seek((int) Math.round(b.doubleValue()));
            }
        });
        vm.positionProperty().addListener((o, a, b) -> {
            following = true;
            scrub.setValue(b.doubleValue());
            following = false;
        });
        HBox.setHgrow(scrub, Priority.ALWAYS);
        scrub.setMinWidth(160);
        Label where = new Label();
        where.setId("replay-where");
        where.textProperty().bind(vm.whereProperty());
        where.getStyleClass().add("text-muted");
        where.setMinWidth(0);
        where.setMaxWidth(420);
        Button live = new Button("Back to live", new FontIcon("mdal-fiber_manual_record"));
        live.setId("replay-live");
        live.getStyleClass().add("accent");
        live.setOnAction(e -> vm.live());
        Label replayingBadge = new Label("REPLAY");
        replayingBadge.getStyleClass().addAll("badge", "badge-transitional");
        HBox controls = new HBox(6, replayingBadge, start, back, play, forward, speed, scrub, where, live);
        controls.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(controls, Priority.ALWAYS);
        controls.visibleProperty().bind(vm.replayingProperty());
        controls.managedProperty().bind(controls.visibleProperty());
        Label hint = new Label("Replay reads the event log and never writes: scrub, step, or play the past on these "
                + "diagrams at the speed you choose.");
        hint.getStyleClass().add("text-muted");
        enter.setMinWidth(Region.USE_PREF_SIZE);
        hint.setMinWidth(0);
        live.setMinWidth(Region.USE_PREF_SIZE);
        HBox idle = new HBox(8, enter, hint);
        idle.setAlignment(Pos.CENTER_LEFT);
        idle.visibleProperty().bind(vm.replayingProperty().not());
        idle.managedProperty().bind(idle.visibleProperty());
        bar.getChildren().setAll(idle, controls);
    }

    private void buildPane() {
        pane.setId("replay-pane");
        pane.setPadding(new Insets(6, 8, 6, 8));
        pane.setPrefHeight(200);
        pane.setMinHeight(170);
        timeline.setId("replay-timeline");
        timeline.getStyleClass().add("fixed-rows");
        statuses.getStyleClass().add("fixed-rows");
        timeline.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(Event e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : "#" + e.id() + "  " + e.at().substring(Math.min(11, e.at().length()))
                        + "  " + ReplayViewModel.describe(e));
            }
        });
        timeline.setOnMouseClicked(e -> {
            int i = timeline.getSelectionModel().getSelectedIndex();
            if (i >= 0 && !following) {
                vm.seek(i + 1);
            }
        });
        TableColumn<History.Status, String> type = new TableColumn<>("Resource");
        type.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().type()));
        TableColumn<History.Status, String> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
        id.setPrefWidth(250);
        TableColumn<History.Status, String> status = new TableColumn<>("Status then");
        status.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().status()));
        statuses.getColumns().setAll(java.util.List.of(type, id, status));
        statuses.setId("replay-statuses");
        statuses.setPlaceholder(new Label("No resource yet at this point."));
        Label timelineTitle = new Label("Timeline");
        timelineTitle.getStyleClass().add("text-bold");
        Label statusTitle = new Label("Each resource at this point");
        statusTitle.getStyleClass().add("text-bold");
        VBox left = new VBox(4, timelineTitle, timeline);
        VBox right = new VBox(4, statusTitle, statuses);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        VBox.setVgrow(statuses, Priority.ALWAYS);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        left.setPrefWidth(520);
        right.setPrefWidth(420);
        pane.getChildren().setAll(left, right);
        pane.visibleProperty().bind(vm.replayingProperty());
        pane.managedProperty().bind(pane.visibleProperty());
    }

    private void follow() {
        int p = vm.positionProperty().get();
        following = true;
        if (p == 0) {
            timeline.getSelectionModel().clearSelection();
        } else {
            timeline.getSelectionModel().select(p - 1);
            timeline.scrollTo(Math.max(0, p - 4));
        }
        following = false;
        if (!vm.playingProperty().get()) {
            showStatuses();
        }
    }

    /** Each resource's status at the position (not redrawn every pulse while playing). */
    private void showStatuses() {
        if (vm.replayingProperty().get()) {
            statuses.getItems().setAll(vm.statuses());
        }
    }

    private static Button icon(String icon, String id, String tip) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new javafx.scene.control.Tooltip(tip));
        return b;
    }

    public void dispose() {
        pulse.stop();
    }
}
