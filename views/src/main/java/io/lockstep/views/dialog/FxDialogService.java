package io.lockstep.views.dialog;

import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.Friction;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Window;

/** The console's dialogs: modal, owned by the main window, OK disabled until the input is valid. */
public final class FxDialogService implements DialogService {

    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    private <R> Dialog<R> dialog(String title, String okLabel) {
        Dialog<R> d = new Dialog<>();
        d.initOwner(owner);
        d.initModality(Modality.WINDOW_MODAL);
        d.setTitle(title);
        d.setHeaderText(title);
        ButtonType ok = new ButtonType(okLabel, ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(ok, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(ok).setId("dialog-ok");
        d.getDialogPane().setMinWidth(460);
        if (owner != null && owner.getScene() != null) {
            d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
        return d;
    }

    private static Node okButton(Dialog<?> d) {
        return d.getDialogPane().lookupButton(d.getDialogPane().getButtonTypes().get(0));
    }

    private static Label problemLabel() {
        Label problem = new Label();
        problem.setId("dialog-problem");
        problem.getStyleClass().add("dialog-problem");
        problem.setWrapText(true);
        return problem;
    }

    @Override
    public boolean confirm(Confirmation c) {
        Dialog<Boolean> d = dialog(c.title(), c.confirmLabel());
        Label text = new Label(c.consequences());
        text.setId("dialog-consequences");
        text.setWrapText(true);
        text.setMaxWidth(520);
        VBox box = new VBox(10, text);
        if (c.friction() == Friction.TYPE_NAME) {
            TextField typed = new TextField();
            typed.setId("confirm-name");
            typed.setPromptText(c.typedName());
            box.getChildren().addAll(new Label("Name:"), typed);
            okButton(d).disableProperty().bind(typed.textProperty().isNotEqualTo(c.typedName()));
            okButton(d).getStyleClass().add("danger");
            d.setOnShown(e -> typed.requestFocus());
        }
        d.getDialogPane().setContent(box);
        d.setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE);
        return d.showAndWait().orElse(false);
    }

    @Override
    public Optional<String> askText(String title, String prompt, String initial, Function<String, String> validator) {
        Dialog<String> d = dialog(title, "OK");
        TextField field = new TextField(initial);
        field.setId("dialog-text");
        Label problem = problemLabel();
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = validator.apply(field.getText());
            return p == null ? "" : p;
        }, field.textProperty()));
        okButton(d).disableProperty().bind(problem.textProperty().isNotEmpty());
        d.getDialogPane().setContent(new VBox(8, new Label(prompt), field, problem));
        d.setOnShown(e -> {
            field.requestFocus();
            field.selectAll();
        });
        d.setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE
                ? field.getText() : null);
        return d.showAndWait();
    }

    @Override
    public Optional<String> choose(String title, String prompt, List<String> choices) {
        Dialog<String> d = dialog(title, "Next");
        ComboBox<String> box = new ComboBox<>();
        box.setId("dialog-choice");
        box.getItems().setAll(choices);
        box.getSelectionModel().selectFirst();
        d.getDialogPane().setContent(new VBox(8, new Label(prompt), box));
        d.setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE
                ? box.getValue() : null);
        return d.showAndWait();
    }

    @Override
    public Optional<CreateShareForm.Values> createShare(CreateShareForm form) {
        Dialog<CreateShareForm.Values> d = dialog("Create share", "Create");
        TextField name = new TextField();
        name.setId("create-name");
        name.setPromptText("e.g. projects");
        TextField size = new TextField("1");
        size.setId("create-size");
        ComboBox<String> proto = new ComboBox<>();
        proto.setId("create-protocol");
        proto.getItems().setAll(CreateShareForm.PROTOCOLS);
        proto.getSelectionModel().selectFirst();
        ComboBox<String> type = new ComboBox<>();
        type.setId("create-type");
        type.getItems().setAll(form.shareTypes());
        type.getSelectionModel().selectFirst();
        ComboBox<String> zone = new ComboBox<>();
        zone.setId("create-zone");
        zone.getItems().setAll(form.zoneChoices());
        zone.getSelectionModel().selectFirst();
        Label problem = problemLabel();
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = form.problem(name.getText(), size.getText(), proto.getValue());
            return p == null ? "" : p;
        }, name.textProperty(), size.textProperty(), proto.valueProperty()));
        okButton(d).disableProperty().bind(problem.textProperty().isNotEmpty());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.addRow(0, new Label("Name"), name);
        grid.addRow(1, new Label("Size (GiB)"), size);
        grid.addRow(2, new Label("Protocol"), proto);
        int row = 3;
        if (!form.shareTypes().isEmpty()) {
            grid.addRow(row++, new Label("Share type"), type);
        }
        grid.addRow(row++, new Label("Zone"), zone);
        grid.add(problem, 0, row, 2, 1);
        d.getDialogPane().setContent(grid);
        d.setOnShown(e -> name.requestFocus());
        d.setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE
                ? form.values(name.getText(), size.getText(), proto.getValue(), type.getValue(), zone.getValue())
                : null);
        return d.showAndWait();
    }
}
