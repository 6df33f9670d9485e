package io.lockstep.views.sharetype;

import io.lockstep.api.sharetype.ShareTypeView;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Share types page: the types table on the left, the selected type's extra specs and access on the
 * right; the forms for changes are shown to admins only. Binds to {@link ShareTypesViewModel}. FX
 * thread only.
 */
public final class ShareTypesView {

    private final ShareTypesViewModel vm;
    private final BorderPane root = new BorderPane();

    public ShareTypesView(ShareTypesViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("share-types-view");
        Label title = new Label("Share types");
        title.getStyleClass().add("title-2");
        Label hint = new Label("What the scheduler matches against pools: driver_handles_share_servers (required), "
                + "the capabilities and any other extra spec. A private type is for the projects given access.");
        hint.setWrapText(true);
        VBox top = new VBox(6, title, hint);
        top.setPadding(new Insets(12, 12, 4, 12));
        root.setTop(top);
        SplitPane split = new SplitPane(typesPane(), detailPane());
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.58);
        root.setCenter(split);
        vm.refresh();
    }

    public Node root() {
        return root;
    }

    private Node typesPane() {
        TableView<ShareTypeView> table = new TableView<>(vm.types());
        table.setId("share-types");
        table.setPlaceholder(new Label("No share types."));
        table.getColumns().add(column("Name", 150, ShareTypeView::name));
        table.getColumns().add(column("Visibility", 85, ShareTypesViewModel::visibility));
        table.getColumns().add(column("Default", 65, t -> Boolean.TRUE.equals(t.isDefault()) ? "yes" : ""));
        table.getColumns().add(column("Extra specs", 230, ShareTypesViewModel::summary));
        table.getColumns().add(column("Description", 200, t -> t.description() == null ? "" : t.description()));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, t) -> vm.selectedProperty().set(t));
        vm.selectedProperty().addListener((o, was, t) -> {
            if (t != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(t);
            }
        });
        VBox box = new VBox(6, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        if (vm.admin()) {
            TextField name = field("name", vm.newNameProperty(), 140);
            name.setId("new-type-name");
            TextField description = field("description", vm.newDescriptionProperty(), 160);
            CheckBox isPublic = new CheckBox("public");
            isPublic.selectedProperty().bindBidirectional(vm.newPublicProperty());
            CheckBox dhss = new CheckBox("driver handles share servers");
            dhss.selectedProperty().bindBidirectional(vm.newDhssProperty());
            CheckBox snapshots = new CheckBox("snapshots");
            snapshots.selectedProperty().bindBidirectional(vm.newSnapshotsProperty());
            Button create = new Button("Create type");
            create.setId("create-type");
            create.disableProperty().bind(vm.newNameProperty().isEmpty());
            create.setOnAction(e -> vm.create());
            Button delete = new Button("Delete type");
            delete.disableProperty().bind(vm.selectedProperty().isNull());
            delete.setOnAction(e -> vm.delete(vm.selectedProperty().get()));
            HBox fields = new HBox(8, name, description, create, delete);
            fields.setAlignment(Pos.CENTER_LEFT);
            HBox flags = new HBox(12, isPublic, dhss, snapshots);
            flags.setAlignment(Pos.CENTER_LEFT);
            create.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            delete.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            HBox.setHgrow(description, Priority.ALWAYS);
            box.getChildren().addAll(new Label("New type"), fields, flags);
        }
        box.setPadding(new Insets(4, 8, 8, 12));
        return box;
    }

    private Node detailPane() {
        Label heading = new Label();
        heading.getStyleClass().add("title-4");
        heading.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedProperty().get() == null
                ? "Select a type." : vm.selectedProperty().get().name() + " (" + vm.selectedProperty().get().id() + ")",
                vm.selectedProperty()));
        TableView<ShareTypesViewModel.Spec> specs = new TableView<>(vm.specs());
        specs.setId("share-type-specs");
        specs.setPlaceholder(new Label("No extra specs."));
        specs.getColumns().add(specColumn("Extra spec", 220, ShareTypesViewModel.Spec::key));
        specs.getColumns().add(specColumn("Value", 120, ShareTypesViewModel.Spec::value));
        specs.getColumns().add(specColumn("", 80, s -> s.required() ? "required" : ""));
        ListView<String> projects = new ListView<>(vm.projects());
        projects.setId("share-type-projects");
        projects.setPrefHeight(120);
        projects.setPlaceholder(new Label("Public, or no project given access."));
        VBox box = new VBox(6, heading, specs);
        VBox.setVgrow(specs, Priority.ALWAYS);
        if (vm.admin()) {
            TextField key = field("key", vm.specKeyProperty(), 160);
            TextField value = field("value", vm.specValueProperty(), 100);
            Button set = new Button("Set");
            set.disableProperty().bind(vm.selectedProperty().isNull().or(vm.specKeyProperty().isEmpty()));
            set.setOnAction(e -> vm.setSpec());
            Button unset = new Button("Unset selected");
            unset.disableProperty().bind(specs.getSelectionModel().selectedItemProperty().isNull());
            unset.setOnAction(e -> vm.unsetSpec(specs.getSelectionModel().getSelectedItem()));
            HBox specForm = new HBox(8, key, value, set, unset);
            specForm.setAlignment(Pos.CENTER_LEFT);
            TextField project = field("project id", vm.projectProperty(), 160);
            Button add = new Button("Give access");
            add.disableProperty().bind(vm.selectedProperty().isNull().or(vm.projectProperty().isEmpty()));
            add.setOnAction(e -> vm.addProject());
            Button remove = new Button("Take access away");
            remove.disableProperty().bind(projects.getSelectionModel().selectedItemProperty().isNull());
            remove.setOnAction(e -> vm.removeProject(projects.getSelectionModel().getSelectedItem()));
            HBox accessForm = new HBox(8, project, add, remove);
            accessForm.setAlignment(Pos.CENTER_LEFT);
            box.getChildren().addAll(specForm, new Label("Projects that may use it (private types)"), projects,
                    accessForm);
        }
        box.setPadding(new Insets(4, 12, 8, 8));
        return box;
    }

    private static TextField field(String prompt, javafx.beans.property.StringProperty p, double width) {
        TextField f = new TextField();
        f.setPromptText(prompt);
        f.setPrefWidth(width);
        f.textProperty().bindBidirectional(p);
        return f;
    }

    private static TableColumn<ShareTypeView, String> column(String title, double width,
                                                             Function<ShareTypeView, String> value) {
        TableColumn<ShareTypeView, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    private static TableColumn<ShareTypesViewModel.Spec, String> specColumn(String title, double width,
                                                                          Function<ShareTypesViewModel.Spec, String> v) {
        TableColumn<ShareTypesViewModel.Spec, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(v.apply(d.getValue())));
        return c;
    }
}
