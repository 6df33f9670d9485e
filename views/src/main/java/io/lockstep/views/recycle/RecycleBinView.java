package io.lockstep.views.recycle;

import io.lockstep.api.share.Share;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The soft-deleted shares, when each is purged, and Restore. */
public final class RecycleBinView {

    private final VBox root = new VBox(10);

    public RecycleBinView(RecycleBinViewModel vm) {
        root.setPadding(new Insets(16));
        root.setId("recycle-bin");
        Label title = new Label("Recycle bin");
        title.getStyleClass().add("title-2");
        Label about = new Label("Shares moved here by Soft delete are hidden from share lists and refuse all work. "
                + "Restore brings one back as it was; the cleanup leader deletes each when its time is up.");
        about.setWrapText(true);
        about.getStyleClass().add("text-muted");

        TableView<Share> table = new TableView<>(vm.shares());
        table.setId("recycle-bin-table");
        Label empty = new Label();
        empty.textProperty().bind(vm.placeholderProperty());
        table.setPlaceholder(empty);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(col("Name", 180, s -> s.name() == null ? "" : s.name()));
        table.getColumns().add(col("ID", 280, Share::id));
        table.getColumns().add(col("Size (GiB)", 80, s -> String.valueOf(s.size())));
        table.getColumns().add(col("Protocol", 80, Share::shareProto));
        table.getColumns().add(col("Project", 100, s -> s.projectId() == null ? "" : s.projectId()));
        table.getColumns().add(col("Binned", 170, s -> when(s.updatedAt())));
        table.getColumns().add(col("Purged after", 170, s -> when(s.scheduledToBeDeletedAt())));
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));

        Button restore = new Button("Restore");
        restore.setId("recycle-bin-restore");
        restore.disableProperty().bind(vm.restoreRefusalProperty().isNotEmpty());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.restoreRefusalProperty());
        restore.setTooltip(tip);
        restore.setOnAction(e -> vm.restore());
        Label why = new Label();
        why.textProperty().bind(vm.restoreRefusalProperty());
        why.getStyleClass().add("text-muted");
        HBox bar = new HBox(10, restore, why);
        bar.setAlignment(Pos.CENTER_LEFT);
        root.getChildren().addAll(title, about, bar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
    }

    private static final java.time.format.DateTimeFormatter SHOWN = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.systemDefault());

    /** A Manila time as the workstation's local time, or blank. */
    private static String when(String manilaTime) {
        java.time.Instant at = io.lockstep.views.live.Times.parse(manilaTime);
        return at == null ? "" : SHOWN.format(at);
    }

    private static TableColumn<Share, String> col(String title, double width, Function<Share, String> value) {
        TableColumn<Share, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    public Node root() {
        return root;
    }
}
