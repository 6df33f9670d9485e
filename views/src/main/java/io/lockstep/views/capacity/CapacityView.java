package io.lockstep.views.capacity;

import io.lockstep.api.quota.QuotaResource;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Pools and quotas page: pools with capacity bars above, a project's quotas with usage bars below
 * (a bar turns to the danger colour at 90 %), and for admins a form to set a limit. Binds to
 * {@link CapacityViewModel}. FX thread only.
 */
public final class CapacityView {

    private final CapacityViewModel vm;
    private final BorderPane root = new BorderPane();

    public CapacityView(CapacityViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("capacity-view");
        Label title = new Label("Pools and quotas");
        title.getStyleClass().add("title-2");
        Label hint = new Label("Where new shares can go (a share type's extra specs and a zone narrow it; a create "
                + "reads a pool's room under its lock) and how much each project may still create (counted in the "
                + "same transaction as each create and deletion).");
        hint.setWrapText(true);
        VBox top = new VBox(6, title, hint);
        top.setPadding(new Insets(12, 12, 4, 12));
        root.setTop(top);
        VBox body = new VBox(10, poolsPane(), quotasPane());
        body.setPadding(new Insets(4, 12, 12, 12));
        root.setCenter(body);
        vm.refresh();
    }

    public Node root() {
        return root;
    }

    private Node poolsPane() {
        TableView<CapacityViewModel.PoolRow> table = new TableView<>(vm.pools());
        table.setId("pools");
        table.setPlaceholder(new Label(""));
        table.getColumns().add(text("Pool", 230, CapacityViewModel.PoolRow::name));
        table.getColumns().add(text("Zone", 80, CapacityViewModel.PoolRow::zone));
        table.getColumns().add(bar("Allocated", 320, CapacityViewModel.PoolRow::fraction,
                CapacityViewModel.PoolRow::usage, r -> r.fraction() >= 0.9));
        table.getColumns().add(text("Traits", 300, CapacityViewModel.PoolRow::traits));
        table.setPrefHeight(172);
        table.setMinHeight(172);
        Label note = new Label();
        note.textProperty().bind(vm.poolsNoteProperty());
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        Label heading = new Label("Storage pools");
        heading.getStyleClass().add("title-4");
        return new VBox(6, heading, note, table);
    }

    private Node quotasPane() {
        Label heading = new Label();
        heading.getStyleClass().add("title-4");
        heading.textProperty().bind(vm.projectProperty().map(p -> "Quotas of project " + p));
        TableView<CapacityViewModel.QuotaRow> table = new TableView<>(vm.quotas());
        table.setId("quotas");
        table.setPlaceholder(new Label("No quotas read yet."));
        table.getColumns().add(text("Resource", 180, r -> r.resource().wire()));
        table.getColumns().add(bar("In use", 320, CapacityViewModel.QuotaRow::fraction, CapacityViewModel.QuotaRow::usage,
                CapacityViewModel.QuotaRow::tight));
        table.getColumns().add(text("Limit", 90, r -> r.limit() < 0 ? "unlimited" : Integer.toString(r.limit())));
        table.getColumns().add(text("Reserved", 90, r -> Integer.toString(r.reserved())));
        VBox box = new VBox(6, heading, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        if (vm.admin()) {
            TextField project = new TextField();
            project.setId("quota-project");
            project.setPromptText("project id");
            project.setPrefWidth(140);
            project.setText(vm.projectProperty().get());
            Button show = new Button("Show");
            show.setOnAction(e -> {
                vm.projectProperty().set(project.getText().strip());
                vm.refresh();
            });
            show.disableProperty().bind(project.textProperty().isEmpty());
            ComboBox<QuotaResource> resource = new ComboBox<>();
            resource.setId("quota-resource");
            resource.getItems().setAll(Arrays.stream(QuotaResource.values()).filter(QuotaResource::enforced).toList());
            resource.valueProperty().bindBidirectional(vm.limitResourceProperty());
            resource.setConverter(new StringConverter<>() {
                @Override
                public String toString(QuotaResource r) {
                    return r == null ? "" : r.wire();
                }

                @Override
                public QuotaResource fromString(String s) {
                    return QuotaResource.byWire(s).orElse(null);
                }
            });
            TextField value = new TextField();
            value.setId("quota-limit");
            value.setPromptText("limit (-1: unlimited)");
            value.setPrefWidth(130);
            value.textProperty().bindBidirectional(vm.limitValueProperty());
            CheckBox force = new CheckBox("even below what is in use");
            force.selectedProperty().bindBidirectional(vm.forceProperty());
            Button set = new Button("Set limit");
            set.setId("quota-set");
            set.disableProperty().bind(vm.limitValueProperty().isEmpty());
            set.setOnAction(e -> vm.setLimit());
            HBox form = new HBox(8, new Label("Project"), project, show, new Label("   Limit of"), resource, value, force,
                    set);
            form.setAlignment(Pos.CENTER_LEFT);
            box.getChildren().add(form);
        }
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    private static <R> TableColumn<R, String> text(String title, double width, Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    /** A column of bars with the figures beside them; {@code danger} colours a nearly full one. */
    private static <R> TableColumn<R, R> bar(String title, double width, ToDoubleFunction<R> fraction,
                                             Function<R, String> label, java.util.function.Predicate<R> danger) {
        TableColumn<R, R> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            private final ProgressBar bar = new ProgressBar();

            {
                bar.setPrefWidth(140);
                setContentDisplay(ContentDisplay.LEFT);
                setGraphicTextGap(8);
            }

            @Override
            protected void updateItem(R row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                bar.setProgress(fraction.applyAsDouble(row));
                io.lockstep.views.live.TickingCell.styleClass(bar, "danger", danger.test(row));
                setGraphic(bar);
                setText(label.apply(row));
            }
        });
        return c;
    }
}
