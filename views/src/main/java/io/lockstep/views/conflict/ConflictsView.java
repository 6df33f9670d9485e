package io.lockstep.views.conflict;

import io.lockstep.api.conflict.ConflictCell;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.geometry.Orientation;

/**
 * The Conflict matrix page: operation against operation for one family, each cell coloured by its worst
 * verdict; the selected cell's starting states with their verdicts and reasons below. Binds to
 * {@link ConflictsViewModel} and forwards clicks. FX thread only.
 */
public final class ConflictsView {

    /** Background and text colours per verdict, readable on both themes. */
    private static final Map<String, String> STYLE = Map.of(
            "commutative", "-fx-background-color: #d8f0dd; -fx-text-fill: #1b5e20;",
            "exclusive", "-fx-background-color: #d6e6fa; -fx-text-fill: #0d47a1;",
            "guarded", "-fx-background-color: #fbe7c2; -fx-text-fill: #7a4a00;",
            "unsafe", "-fx-background-color: #f6c9c9; -fx-text-fill: #8b0000;");

    /** Trials per starting state when a cell is raced from the page: a few seconds' worth. */
    static final int RACE_TRIALS = 10;

    private final ConflictsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final GridPane grid = new GridPane();
    private final MatrixCells cells;
    private final TableView<ConflictCell> detail = new TableView<>();

    public ConflictsView(ConflictsViewModel vm) {
        this.vm = vm;
        this.cells = new MatrixCells(vm::pair, vm.selectedProperty()::set);
        root.getStyleClass().add("conflicts-view");
        root.setTop(header());
        grid.setHgap(2);
        grid.setVgap(2);
        grid.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setId("conflict-grid");
        SplitPane split = new SplitPane(scroll, details());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        root.setCenter(split);
        vm.revisionProperty().addListener(o -> redraw());
        vm.selectedProperty().addListener((o, was, p) -> {
            detail.getItems().setAll(p == null ? java.util.List.of() : p.cells());
            cells.select(p);
        });
        redraw();
        vm.load();
    }

    public Node root() {
        return root;
    }

    private Node header() {
        Label title = new Label("Conflict matrix");
        title.getStyleClass().add("title-2");
        ComboBox<String> family = new ComboBox<>(vm.families());
        family.setId("conflict-family");
        family.valueProperty().bindBidirectional(vm.familyProperty());
        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        HBox legend = new HBox(6);
        for (String v : ConflictsViewModel.SEVERITY) {
            Label l = new Label(v);
            l.setStyle(STYLE.get(v) + "-fx-padding: 2 8; -fx-background-radius: 8;");
            legend.getChildren().add(l);
        }
        Label hint = new Label("Every pair of operations of the family, judged from the state machines alone (the "
                + "first step of each is a test-and-set under the family lock), and each worker's finish (#finish) "
                + "against what may take its row. Bold: raced for real; ! and a red border: a violation was found. "
                + "Click a cell for its starting states, trials and violations.");
        hint.setWrapText(true);
        HBox bar = new HBox(12, title, family, legend);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, bar, summary, hint);
        top.setPadding(new Insets(12, 12, 4, 12));
        return top;
    }

    private Node details() {
        detail.setId("conflict-detail");
        detail.setPlaceholder(new Label("Select a cell."));
        detail.getColumns().add(column("Starting from", 240, c -> c.start()));
        TableColumn<ConflictCell, String> verdict = column("Verdict", 110, ConflictCell::verdict);
        detail.getColumns().add(verdict);
        detail.getColumns().add(column("Trials", 60, c -> c.trials() == null ? "" : String.valueOf(c.trials())));
        detail.getColumns().add(column("Violations", 80, c -> c.violations() == null ? "" : String.valueOf(c.violations())));
        detail.getColumns().add(column("Why", 620, ConflictCell::reason));
        detail.getColumns().add(column("Raced", 420, c -> c.notRaced() != null ? "not raced: " + c.notRaced()
                : c.example() != null ? c.example() : c.trials() == null ? "not yet" : "no violation"));
        Label heading = new Label();
        heading.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            var p = vm.selectedProperty().get();
            return p == null ? "" : p.a() + " against " + p.b() + ": " + p.verdicts();
        }, vm.selectedProperty()));
        heading.getStyleClass().add("title-4");
        Button race = new Button("Race this cell now");
        race.setId("race-cell");
        race.setTooltip(new Tooltip("Races every starting state of this pair " + RACE_TRIALS + " times on the service "
                + "(fresh shares in your project, the two requests released together); watch it on the state diagram."));
        Runnable enable = () -> race.setDisable(!vm.canRace(vm.selectedProperty().get()));
        vm.selectedProperty().addListener(o -> enable.run());
        vm.racingProperty().addListener(o -> enable.run());
        enable.run();
        race.setVisible(vm.mayRace());
        race.setManaged(vm.mayRace());
        race.setOnAction(e -> vm.race(vm.selectedProperty().get(), RACE_TRIALS));
        Hyperlink example = new Hyperlink("Example events");
        example.setId("conflict-example");
        example.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> {
            var p = vm.selectedProperty().get();
            return p == null || p.exampleRoot() == null;
        }, vm.selectedProperty()));
        example.setOnAction(e -> vm.openExample(vm.selectedProperty().get()));
        Hyperlink diagram = new Hyperlink("State diagram");
        diagram.setOnAction(e -> vm.openDiagrams());
        Label status = new Label();
        status.setId("race-status");
        status.textProperty().bind(vm.raceStatusProperty());
        HBox actions = new HBox(10, race, example, diagram, status);
        actions.setAlignment(Pos.CENTER_LEFT);
        race.setMinWidth(Region.USE_PREF_SIZE);
        example.setMinWidth(Region.USE_PREF_SIZE);
        diagram.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.control.ListView<String> events = new javafx.scene.control.ListView<>(vm.exampleEvents());
        events.setId("conflict-example-events");
        events.setPrefHeight(110);
        events.setPlaceholder(new Label("Example events: pick a raced cell and click Example events."));
        vm.selectedProperty().addListener(o -> vm.exampleEvents().clear());
        VBox box = new VBox(4, heading, actions, detail, events);
        detail.setPrefHeight(140);
        VBox.setVgrow(events, javafx.scene.layout.Priority.ALWAYS);
        box.setPadding(new Insets(4, 12, 8, 12));
        return box;
    }

    private static TableColumn<ConflictCell, String> column(String title, double width,
                                                            java.util.function.Function<ConflictCell, String> value) {
        TableColumn<ConflictCell, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    /** Operations down, second operations across (names turned upright), the cells on one canvas. */
    private void redraw() {
        grid.getChildren().clear();
        var ops = vm.operations();
        var cols = vm.columns();
        HBox across = new HBox(MatrixCells.GAP);
        for (String c : cols) {
            Label col = new Label(c);
            col.setRotate(-90);
            javafx.scene.layout.StackPane slot = new javafx.scene.layout.StackPane(new Group(col));
            slot.setAlignment(Pos.BOTTOM_CENTER);
            slot.setMinWidth(MatrixCells.CELL_W);
            slot.setPrefWidth(MatrixCells.CELL_W);
            slot.setMaxWidth(MatrixCells.CELL_W);
            across.getChildren().add(slot);
        }
        VBox down = new VBox(MatrixCells.GAP);
        for (String o : ops) {
            Label row = new Label(o);
            row.setMinHeight(MatrixCells.CELL_H);
            row.setPrefHeight(MatrixCells.CELL_H);
            row.setMaxHeight(MatrixCells.CELL_H);
            down.getChildren().add(row);
        }
        cells.show(ops, cols);
        cells.select(vm.selectedProperty().get());
        grid.add(across, 1, 0);
        grid.add(down, 0, 1);
        grid.add(cells, 1, 1);
        GridPane.setValignment(across, javafx.geometry.VPos.BOTTOM);
        GridPane.setValignment(cells, javafx.geometry.VPos.TOP);
        GridPane.setHalignment(cells, javafx.geometry.HPos.LEFT);
    }
}