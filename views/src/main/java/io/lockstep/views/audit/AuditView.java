package io.lockstep.views.audit;

import io.lockstep.api.audit.AuditEntry;
import io.lockstep.api.message.Message;
import io.lockstep.views.live.Times;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The audit log of every write (refusals tinted) above Manila's user messages. */
public final class AuditView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private final VBox root = new VBox(10);

    public AuditView(AuditViewModel vm) {
        root.setPadding(new Insets(16));
        root.setId("audit");
        Label title = new Label("Audit");
        title.getStyleClass().add("title-2");
        TextField filter = new TextField();
        filter.setId("audit-filter");
        filter.setPromptText("Filter by actor, action, target, node or reason");
        filter.setPrefColumnCount(30);
        filter.textProperty().bindBidirectional(vm.filterProperty());
        CheckBox refused = new CheckBox("Refused only");
        refused.setId("audit-refused-only");
        refused.selectedProperty().bindBidirectional(vm.refusedOnlyProperty());
        HBox bar = new HBox(10, filter, refused);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label unavailable = new Label();
        unavailable.textProperty().bind(vm.unavailableProperty());
        unavailable.visibleProperty().bind(vm.unavailableProperty().isNotEmpty());
        unavailable.managedProperty().bind(unavailable.visibleProperty());

        TableView<AuditEntry> log = new TableView<>(vm.rows());
        log.setId("audit-table");
        log.getStyleClass().add("fixed-rows");
        log.setPlaceholder(new Label("No writes yet. Every create, delete, action and console operation is "
                + "recorded here, accepted or refused."));
        log.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        log.getColumns().add(col("Time", 140, e -> time(e.at())));
        log.getColumns().add(col("Actor", 160, AuditEntry::actor));
        log.getColumns().add(col("Role", 65, AuditEntry::role));
        log.getColumns().add(col("Action", 140, AuditEntry::action));
        log.getColumns().add(col("Target", 130, AuditViewModel::target));
        log.getColumns().add(col("Saw", 80, e -> e.seen() == null ? "" : e.seen()));
        log.getColumns().add(col("Outcome", 100, AuditViewModel::outcome));
        log.getColumns().add(col("Node", 65, AuditEntry::node));
        log.getColumns().add(col("Reason", 200, e -> e.message() == null ? "" : e.message()));
        log.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AuditEntry e, boolean empty) {
                super.updateItem(e, empty);
                pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("refused"),
                        !empty && e != null && !e.accepted());
            }
        });

        TableView<Message> messages = new TableView<>(vm.messages());
        messages.setId("message-table");
        messages.setPlaceholder(new Label("No user messages. The service writes one when work on a resource "
                + "fails after it was accepted."));
        messages.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        messages.getColumns().add(msgCol("Time", 125, m -> time(m.createdAt())));
        messages.getColumns().add(msgCol("Level", 70, Message::messageLevel));
        messages.getColumns().add(msgCol("Resource", 140, m -> m.resourceType() + " "
                + (m.resourceId() == null ? "" : m.resourceId().substring(0, Math.min(8, m.resourceId().length())))));
        messages.getColumns().add(msgCol("Project", 80, Message::projectId));
        messages.getColumns().add(msgCol("Message", 500, Message::userMessage));

        VBox top = new VBox(6, bar, unavailable, log);
        VBox.setVgrow(log, Priority.ALWAYS);
        Label messagesTitle = new Label("User messages");
        messagesTitle.getStyleClass().add("title-4");
        VBox bottom = new VBox(6, messagesTitle, messages);
        VBox.setVgrow(messages, Priority.ALWAYS);
        SplitPane split = new SplitPane(top, bottom);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.7);
        VBox.setVgrow(split, Priority.ALWAYS);
        root.getChildren().addAll(title, split);
    }

    public Node root() {
        return root;
    }

    private static String time(String iso) {
        var t = Times.parse(iso);
        return t == null ? "" : TIME.format(t);
    }

    private static TableColumn<AuditEntry, String> col(String title, double width, Function<AuditEntry, String> f) {
        TableColumn<AuditEntry, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<Message, String> msgCol(String title, double width, Function<Message, String> f) {
        TableColumn<Message, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
