package io.lockstep.app.profile;

import java.io.File;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The saved connection profiles beside a form for one: save, delete, pin a certificate, export, import, connect. */
public final class ConnectionsDialog {

    private final ConnectionsViewModel vm;
    private final Stage stage = new Stage();

    /** @param connect opens the console on the named profile */
    public ConnectionsDialog(Window owner, ConnectionsViewModel vm, Consumer<String> connect) {
        this.vm = vm;
        stage.initOwner(owner);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setTitle("Connections");

        ListView<ConnectionProfile> list = new ListView<>(vm.profiles());
        list.setId("profile-list");
        list.setPrefWidth(220);
        list.setMinWidth(200);
        list.setPlaceholder(new Label("No saved profile yet."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(ConnectionProfile p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.name() + (p.readOnly() ? "  (read-only)" : ""));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });

        GridPane form = new GridPane();
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE); // labels never shrink to "Endpoi…"
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        form.setHgap(8);
        form.setVgap(8);
        int row = 0;
        form.addRow(row++, new Label("Name"), field("profile-name", vm.nameProperty(), "prod"));
        form.addRow(row++, new Label("Endpoints"), field("profile-endpoints", vm.endpointsProperty(),
                "https://n1:8786, https://n2:8786 (the next is used when one dies)"));
        TextField token = field("profile-token-file", vm.tokenFileProperty(), "file holding the token");
        form.addRow(row++, new Label("Token file"), withBrowse(token));
        ComboBox<String> trust = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                ConnectionProfile.TRUSTS));
        trust.setId("profile-trust");
        trust.valueProperty().bindBidirectional(vm.trustProperty());
        form.addRow(row++, new Label("Trust"), trust);
        TextField ca = field("profile-ca-file", vm.caFileProperty(), "PEM file of the CA (trust: ca)");
        form.addRow(row++, new Label("CA file"), withBrowse(ca));
        TextField pin = field("profile-pin", vm.pinProperty(), "SHA-256 fingerprint (trust: pin)");
        Button fetch = new Button("Fetch certificate…");
        fetch.setId("profile-fetch-certificate");
        fetch.setMinWidth(Region.USE_PREF_SIZE);
        fetch.setOnAction(e -> vm.fetchCertificate(this::confirmPin));
        HBox pinRow = new HBox(6, pin, fetch);
        HBox.setHgrow(pin, Priority.ALWAYS);
        form.addRow(row++, new Label("Pin"), pinRow);
        CheckBox readOnly = new CheckBox("Open read-only");
        readOnly.setId("profile-read-only");
        readOnly.selectedProperty().bindBidirectional(vm.readOnlyProperty());
        form.add(readOnly, 1, row++);
        Label problem = new Label();
        problem.getStyleClass().add("text-danger");
        problem.textProperty().bind(vm.problemProperty());
        problem.setWrapText(true);
        Label message = new Label();
        message.setId("profile-message");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        form.add(problem, 1, row++);
        form.add(message, 1, row);
        GridPane.setHgrow(pinRow, Priority.ALWAYS);

        Button add = new Button("New");
        add.setOnAction(e -> {
            list.getSelectionModel().clearSelection();
            vm.newProfile();
        });
        Button save = new Button("Save");
        save.setId("profile-save");
        save.disableProperty().bind(vm.problemProperty().isNotEmpty());
        save.setOnAction(e -> vm.save());
        Button delete = new Button("Delete");
        delete.disableProperty().bind(vm.selectedProperty().isNull());
        delete.setOnAction(e -> vm.delete());
        Button export = new Button("Export…");
        export.setOnAction(e -> {
            FileChooser fc = chooser("lockstep-profiles.json");
            File f = fc.showSaveDialog(stage);
            if (f != null) {
                vm.export(f.toPath());
            }
        });
        Button importButton = new Button("Import…");
        importButton.setOnAction(e -> {
            File f = chooser("lockstep-profiles.json").showOpenDialog(stage);
            if (f != null) {
                vm.importFrom(f.toPath());
            }
        });
        Button open = new Button("Connect");
        open.setId("profile-connect");
        open.getStyleClass().add("accent");
        open.setDefaultButton(true);
        open.disableProperty().bind(vm.problemProperty().isNotEmpty());
        open.setOnAction(e -> vm.connect(connect));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox buttons = new HBox(8, add, save, delete, export, importButton, grow, open);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("Profiles are kept in your config folder; an export leaves inline tokens out.\n"
                + "Connect opens a new console window on the profile.");
        note.getStyleClass().add("text-muted");
        note.setWrapText(true);
        VBox right = new VBox(12, form, buttons, note);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox root = new HBox(12, list, right);
        root.setPadding(new Insets(16));
        Scene scene = new Scene(root, 960, 480);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
    }

    public void show() {
        stage.show();
    }

    private boolean confirmPin(ConnectionsViewModel.Peeked p) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Compare this fingerprint with the one the node printed "
                + "(lockstep-backend serve --check). Pin it only if they match.\n\nSHA-256 " + p.fingerprint()
                + "\n\n" + p.description(), ButtonType.YES, ButtonType.NO);
        a.initOwner(stage);
        a.setHeaderText("Trust this certificate?");
        return a.showAndWait().filter(b -> b == ButtonType.YES).isPresent();
    }

    private static TextField field(String id, javafx.beans.property.StringProperty value, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(36);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private HBox withBrowse(TextField f) {
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            File chosen = chooser(null).showOpenDialog(stage);
            if (chosen != null) {
                f.setText(chosen.getAbsolutePath());
            }
        });
        HBox box = new HBox(6, f, browse);
        HBox.setHgrow(f, Priority.ALWAYS);
        return box;
    }

    private static FileChooser chooser(String name) {
        FileChooser fc = new FileChooser();
        if (name != null) {
            fc.setInitialFileName(name);
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
        }
        return fc;
    }
}
