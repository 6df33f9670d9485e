package io.lockstep.views.scenario;

import io.lockstep.api.lab.ScenarioView;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The guided panel docked at the window's right: first the lab's scenarios to choose from, then the
 * scenario's steps one at a time (narration, the checks ticked as they hold, Back and Next).
 */
public final class ScenarioGuideView {

    private final ScenarioGuideViewModel vm;
    private final StackPane root = new StackPane();
    private final Timeline follow;

    public ScenarioGuideView(ScenarioGuideViewModel vm) {
        this.vm = vm;
        root.setId("scenario-guide");
        root.getStyleClass().add("scenario-guide");
        root.setPrefWidth(340);
        root.setMinWidth(300);
        Node chooser = chooser();
        Node guide = guide();
        chooser.visibleProperty().bind(vm.scenarioProperty().isNull());
        guide.visibleProperty().bind(vm.scenarioProperty().isNotNull());
        root.getChildren().addAll(chooser, guide);
        follow = new Timeline(new KeyFrame(Duration.millis(400), e -> vm.refreshRun()));
        follow.setCycleCount(Animation.INDEFINITE);
        vm.runningProperty().addListener((o, a, running) -> {
            if (running) {
                follow.play();
            } else {
                follow.stop();
            }
        });
    }

    public Node root() {
        return root;
    }

    private Node chooser() {
        Label title = new Label("Guided scenarios", new FontIcon("mdmz-school"));
        title.getStyleClass().add("title-4");
        Button close = closeButton();
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ListView<ScenarioView> list = new ListView<>(vm.scenarios());
        list.setId("scenario-list");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ScenarioView s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    setGraphic(null);
                    return;
                }
                Label t = new Label(s.title());
                t.getStyleClass().add("text-bold");
                Label summary = new Label(s.summary().strip());
                summary.getStyleClass().add("text-muted");
                for (Label l : java.util.List.of(t, summary)) {
                    // a width to wrap at: a list cell otherwise gives its graphic one line and an ellipsis
                    l.setWrapText(true);
                    l.setPrefWidth(280);
                    l.setMinHeight(Region.USE_PREF_SIZE);
                }
                setGraphic(new VBox(4, t, summary));
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button start = new Button("Start", new FontIcon("mdmz-play_arrow"));
        start.setId("scenario-start");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        start.setOnAction(e -> vm.start(list.getSelectionModel().getSelectedItem()));
        Label hint = new Label("A scenario acts on this lab through its API, step by step; each step moves the "
                + "window to what it is about.");
        hint.setWrapText(true);
        hint.getStyleClass().add("text-muted");
        VBox box = new VBox(10, new HBox(8, title, spacer, close), hint, list, start);
        box.setPadding(new Insets(12));
        return box;
    }

    private Node guide() {
        Label title = new Label();
        title.setId("scenario-title");
        title.getStyleClass().add("title-4");
        title.setWrapText(true);
        title.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.scenarioProperty().get() == null ? "" : vm.scenarioProperty().get().title(),
                vm.scenarioProperty()));
        Label progress = new Label();
        progress.setId("scenario-progress");
        progress.getStyleClass().add("text-muted");
        progress.textProperty().bind(vm.progressText());
        Label say = new Label();
        say.setId("scenario-say");
        say.setWrapText(true);
        say.getStyleClass().add("scenario-say");
        say.textProperty().bind(vm.narration());
        VBox checks = new VBox(6);
        checks.setId("scenario-checks");
        vm.checks().addListener((javafx.collections.ListChangeListener<ScenarioGuideViewModel.CheckRow>) c ->
                checks.getChildren().setAll(vm.checks().stream().map(ScenarioGuideView::checkRow).toList()));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(vm.runningProperty());
        Label runningText = new Label("running on the lab…");
        runningText.getStyleClass().add("text-muted");
        runningText.visibleProperty().bind(vm.runningProperty());
        Button back = new Button("Back", new FontIcon("mdal-arrow_back"));
        back.setId("scenario-back");
        back.disableProperty().bind(vm.shownProperty().lessThanOrEqualTo(0).or(vm.runningProperty()));
        back.setOnAction(e -> vm.back());
        Button next = new Button();
        next.setId("scenario-next");
        next.getStyleClass().add("accent");
        next.setGraphic(new FontIcon("mdal-arrow_forward"));
        next.textProperty().bind(vm.nextText());
        next.disableProperty().bind(vm.nextDisabled());
        next.setOnAction(e -> vm.next());
        Button leave = new Button("Scenarios", new FontIcon("mdal-list"));
        leave.setId("scenario-leave");
        leave.disableProperty().bind(vm.runningProperty());
        leave.setOnAction(e -> vm.leave());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        VBox body = new VBox(12, say, new Label("Checks"), checks, new HBox(6, spinner, runningText));
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(10, new HBox(8, progress, spacer, closeButton()), title, scroll,
                new HBox(8, back, next), leave);
        box.setPadding(new Insets(12));
        return box;
    }

    private static Node checkRow(ScenarioGuideViewModel.CheckRow row) {
        String icon = switch (row.state()) {
            case HELD -> "mdal-check_circle";
            case FAILED -> "mdal-cancel";
            case PENDING -> "mdmz-radio_button_unchecked";
        };
        FontIcon mark = new FontIcon(icon);
        mark.getStyleClass().add("check-" + row.state().name().toLowerCase(java.util.Locale.ROOT));
        Label says = new Label(row.says());
        says.setWrapText(true);
        VBox text = new VBox(2, says);
        if (!row.detail().isEmpty() && !row.detail().equals("holds")) {
            Label detail = new Label(row.detail());
            detail.setWrapText(true);
            detail.getStyleClass().add(row.state() == ScenarioGuideViewModel.CheckRow.State.FAILED ? "dialog-problem"
                    : "text-muted");
            text.getChildren().add(detail);
        }
        HBox box = new HBox(8, mark, text);
        box.getStyleClass().addAll("scenario-check", "check-" + row.state().name().toLowerCase(java.util.Locale.ROOT));
        return box;
    }

    private Button closeButton() {
        Button close = new Button(null, new FontIcon("mdal-close"));
        close.getStyleClass().add("flat");
        close.setId("scenario-close");
        close.setOnAction(e -> vm.close());
        return close;
    }

    /** Stops following a run (the panel is being replaced). */
    public void dispose() {
        follow.stop();
    }
}
