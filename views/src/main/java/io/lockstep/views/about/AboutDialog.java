package io.lockstep.views.about;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "About Lockstep": the icon, the versions of the console, the service and the runtime, and where the
 * console keeps its files; every value can be selected, and Copy puts them all on the clipboard.
 */
public final class AboutDialog {

    private static final ButtonType COPY = new ButtonType("Copy details", ButtonBar.ButtonData.LEFT);
    private final Dialog<ButtonType> dialog = new Dialog<>();

    public AboutDialog(Window owner, AboutInfo info) {
        dialog.initOwner(owner);
        dialog.setTitle("About Lockstep");
        dialog.setHeaderText(null);
        dialog.getDialogPane().setId("about-dialog");
        Label name = new Label("Lockstep");
        name.getStyleClass().add("title-1");
        Label tagline = new Label("Operations console for a Manila-style shared file system service, and that service.");
        tagline.setWrapText(true);
        tagline.getStyleClass().add("text-muted");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        javafx.scene.layout.ColumnConstraints values = new javafx.scene.layout.ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        grid.getColumnConstraints().setAll(new javafx.scene.layout.ColumnConstraints(), values);
        int row = 0;
        for (AboutInfo.Fact f : info.facts()) {
            Label label = new Label(f.label());
            label.getStyleClass().add("text-bold");
            label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the label column never shrinks to "..."
            TextField value = new TextField(f.value()); // selectable, so a version can be copied alone
            value.setEditable(false);
            value.setPrefColumnCount(44);
            value.setId("about-" + f.label().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
            GridPane.setHgrow(value, Priority.ALWAYS);
            grid.addRow(row++, label, value);
        }
        VBox box = new VBox(10, name, tagline, grid);
        box.setPadding(new Insets(8, 8, 0, 8));
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().setPrefWidth(900); // wide enough for a runtime's full name and a folder's path
        dialog.getDialogPane().setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        dialog.setResizable(true);
        Image icon = io.lockstep.views.shell.AppIcons.atLeast(96);
        if (icon != null) {
            ImageView view = new ImageView(icon);
            view.setFitWidth(96);
            view.setFitHeight(96);
            dialog.getDialogPane().setGraphic(view);
        }
        dialog.getDialogPane().getButtonTypes().setAll(COPY, ButtonType.CLOSE);
        // Copy must not close the dialog.
        dialog.getDialogPane().lookupButton(COPY).addEventFilter(javafx.event.ActionEvent.ACTION, e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(info.asText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            e.consume();
        });
    }

    public void show() {
        dialog.show();
    }
}
