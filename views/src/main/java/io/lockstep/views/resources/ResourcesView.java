package io.lockstep.views.resources;

import io.lockstep.api.job.JobView;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.OperationAction;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;

/** Shares, snapshots and backups, live: filters, sortable tables, actions, and the selection's history. */
public final class ResourcesView {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ResourcesViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final TextField filter = new TextField();
    private final List<TableView<ResourceItem>> tables = new ArrayList<>();

    public ResourcesView(ResourcesViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("resources-view");
        root.setTop(vm.replay().map(r -> (Node) new VBox(replayBanner(r), filterBar())).orElseGet(this::filterBar));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        KindViews.ALL.forEach(k -> tabs.getTabs().add(tab(k)));
        // tabs are in LiveModel.TYPES order
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) ->
                vm.resourceTypeProperty().set(LiveModel.TYPES.get(Math.max(0, b.intValue()))));
        vm.resourceTypeProperty().addListener((o, a, b) ->
                tabs.getSelectionModel().select(Math.max(0, LiveModel.TYPES.indexOf(b))));
        SplitPane split = new SplitPane(tabs, detailPane());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        root.setCenter(split);
    }

    public Node root() {
        return root;
    }

    /** Focuses the filter field (Ctrl+F). */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    private Node filterBar() {
        filter.setId("resource-filter");
        filter.setPromptText("Filter by name, id or project (Ctrl+F)");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        ComboBox<String> status = new ComboBox<>();
        status.setId("status-filter");
        status.setPromptText("Any status");
        Runnable fillStates = () -> {
            String keep = vm.statusFilterProperty().get();
            List<String> states = new ArrayList<>();
            states.add(null);
            states.addAll(vm.states(vm.resourceTypeProperty().get()));
            status.getItems().setAll(states);
            status.setValue(keep);
        };
        vm.resourceTypeProperty().addListener((o, a, b) -> fillStates.run());
        vm.model().catalogProperty().addListener((o, a, b) -> fillStates.run());
        fillStates.run();
        status.setButtonCell(new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(s == null ? "Any status" : s);
            }
        });
        status.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s == null ? "Any status" : s);
            }
        });
        status.valueProperty().bindBidirectional(vm.statusFilterProperty());
        ToggleButton stuck = new ToggleButton("Stuck only");
        stuck.setId("stuck-filter");
        stuck.setTooltip(new Tooltip("Only rows in a transitional state for more than "
                + ResourcesViewModel.STUCK_AFTER.toMinutes() + " minutes"));
        stuck.selectedProperty().bindBidirectional(vm.stuckOnlyProperty());
        MenuButton export = new MenuButton("Export", new FontIcon("mdal-get_app"));
        export.setId("export");
        MenuItem csv = new MenuItem("Visible rows as CSV...");
        csv.setOnAction(e -> save("csv"));
        MenuItem json = new MenuItem("Visible rows as JSON...");
        json.setOnAction(e -> save("json"));
        export.getItems().addAll(csv, json);
        Button create = new Button("New share", new FontIcon("mdal-add"));
        create.setId("create-share");
        create.getStyleClass().add("accent");
        create.setOnAction(e -> vm.createShare());
        if (!vm.canCreate()) {
            create.setDisable(true);
            create.setTooltip(new Tooltip("Creating shares needs the operator role; this session is read-only."));
        }
        HBox bar = new HBox(8, create, new Separator(Orientation.VERTICAL), filter, status, stuck, export);
        bar.setPadding(new Insets(8));
        bar.getStyleClass().add("tool-bar-row");
        return bar;
    }

    /** While a replay runs, the tables' statuses are the replay's: said above them, with the way back. */
    private static Node replayBanner(io.lockstep.views.replay.ReplayViewModel r) {
        Label where = new Label();
        where.textProperty().bind(Bindings.concat("Replaying: statuses as of ", r.whereProperty()));
        where.setWrapText(true);
        javafx.scene.control.Button live = new javafx.scene.control.Button("Back to live", new FontIcon("mdal-live_tv"));
        live.setId("resources-back-to-live");
        live.setOnAction(e -> r.live());
        HBox.setHgrow(where, Priority.ALWAYS);
        where.setMaxWidth(Double.MAX_VALUE);
        HBox banner = new HBox(8, new FontIcon("mdmz-replay"), where, live);
        banner.setId("resources-replay-banner");
        banner.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        banner.getStyleClass().add("replay-banner");
        banner.visibleProperty().bind(r.replayingProperty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Tab tab(KindViews.KindView kind) {
        String type = kind.type();
        String title = kind.title();
        TableView<ResourceItem> table = new TableView<>();
        table.setId(type + "-table");
        table.getStyleClass().add("fixed-rows"); // thousands of rows: no per-row size estimate
        table.setPlaceholder(new Label("No " + title.toLowerCase() + " match. " + kind.empty()));
        table.getColumns().add(column("Name", 180, i -> i.nameProperty()));
        TableColumn<ResourceItem, String> status = column("Status", 170, vm::shownStatus);
        status.setCellFactory(c -> new StatusBadgeCell<>(vm.model()::catalog, type));
        table.getColumns().add(status);
        TableColumn<ResourceItem, Number> size = new TableColumn<>("Size (GiB)");
        size.setCellValueFactory(c -> c.getValue().sizeProperty());
        size.setPrefWidth(90);
        size.getStyleClass().add("numeric");
        table.getColumns().add(size);
        if (kind.protocol()) {
            table.getColumns().add(column("Protocol", 80, ResourceItem::protocolProperty));
        }
        if (kind.parent() != null) {
            table.getColumns().add(column(kind.parent(), 280, ResourceItem::parentIdProperty));
        }
        table.getColumns().add(column("Project", 90, ResourceItem::projectProperty));
        TableColumn<ResourceItem, String> workedOn = column("Worked on by", 190, i -> Bindings.createStringBinding(
                () -> vm.workedOnBy(i), vm.workRevisionProperty(), i.statusProperty()));
        workedOn.setCellFactory(c -> new WorkCell());
        table.getColumns().add(workedOn);
        table.getColumns().add(column("Status since", 170, i -> Bindings.createStringBinding(
                () -> format(i.statusSinceProperty().get()), i.statusSinceProperty())));
        table.getColumns().add(column("ID", 280, i -> new ReadOnlyObjectWrapper<>(i.id())));
        var rows = vm.rows(type);
        rows.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(rows);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (vm.resourceTypeProperty().get().equals(type)) {
                vm.selectedProperty().set(b);
            }
        });
        vm.resourceTypeProperty().addListener((o, a, b) -> {
            if (b.equals(type)) {
                vm.selectedProperty().set(table.getSelectionModel().getSelectedItem());
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != null && b.type().equals(type) && table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
                table.scrollTo(b);
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE) {
                vm.actions(type).stream().filter(a -> a.operation().equals("delete")).findFirst().ifPresent(vm::run);
            }
        });
        tables.add(table);
        VBox box = new VBox(actionBar(type), table);
        VBox.setVgrow(table, Priority.ALWAYS);
        Tab tab = new Tab(title, box);
        tab.setId(type + "-tab");
        return tab;
    }

    private Node actionBar(String type) {
        HBox bar = new HBox(6);
        bar.setPadding(new Insets(6, 8, 6, 8));
        for (OperationAction action : vm.actions(type)) {
            Button b = new Button(action.label(), new FontIcon(icon(action.operation())));
            b.setId(type + "-" + action.operation());
            ObservableValue<Availability> av = vm.availabilityProperty(action);
            b.disableProperty().bind(Bindings.createBooleanBinding(() -> !av.getValue().allowed(), av));
            if (action.operation().equals("force_delete") || action.operation().equals("delete")) {
                b.getStyleClass().add("danger");
            }
            b.setOnAction(e -> vm.run(action));
            // A disabled control shows no tooltip, so the reason sits on a wrapper around it.
            StackPane wrap = new StackPane(b);
            wrap.setId(type + "-" + action.operation() + "-wrap");
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(Bindings.createStringBinding(() -> av.getValue().reason(), av));
            tip.setShowDelay(javafx.util.Duration.millis(250));
            Tooltip.install(wrap, tip);
            bar.getChildren().add(wrap);
        }
        return bar;
    }

    private static String icon(String operation) {
        return switch (operation) {
            case "snapshot" -> "mdal-camera_alt";
            case "restore" -> "mdmz-settings_backup_restore";
            case "extend" -> "mdal-add_circle_outline";
            case "shrink" -> "mdmz-remove_circle_outline";
            case "delete" -> "mdal-delete";
            case "reset_status" -> "mdmz-restore";
            case "migrate" -> "mdmz-swap_horiz";
            case "backup" -> "mdal-backup";
            case "force_delete" -> "mdal-delete_forever";
            default -> "mdal-build";
        };
    }

    private Node detailPane() {
        Label title = new Label("Select a share, snapshot or backup to see its history.");
        title.setId("detail-title");
        title.getStyleClass().add("title-4");
        vm.selectedProperty().addListener((o, a, b) -> title.setText(b == null
                ? "Select a share, snapshot or backup to see its history."
                : b.type() + " " + b.displayName() + "  ·  " + b.id()));
        TableView<HistoryRow> history = new TableView<>(vm.history());
        history.setId("history-table");
        history.getStyleClass().add("fixed-rows");
        history.setPlaceholder(new Label("No history yet."));
        history.getColumns().add(historyColumn("Time", 150, r -> format(r.at())));
        history.getColumns().add(historyColumn("Operation", 110, HistoryRow::operation));
        history.getColumns().add(historyColumn("From", 130, HistoryRow::from));
        history.getColumns().add(historyColumn("To", 130, HistoryRow::to));
        history.getColumns().add(historyColumn("Actor", 140, HistoryRow::actor));
        history.getColumns().add(historyColumn("Outcome", 420, HistoryRow::outcome));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setRowFactory(t -> {
            javafx.scene.control.TableRow<HistoryRow> row = new javafx.scene.control.TableRow<>();
            javafx.scene.control.MenuItem replay = new javafx.scene.control.MenuItem("Replay from here",
                    new org.kordamp.ikonli.javafx.FontIcon("mdmz-replay"));
            replay.setOnAction(e -> vm.replayFrom(row.getItem()));
            row.contextMenuProperty().bind(javafx.beans.binding.Bindings.when(row.emptyProperty())
                    .then((javafx.scene.control.ContextMenu) null).otherwise(new javafx.scene.control.ContextMenu(replay)));
            return row;
        });
        vm.history().addListener((javafx.collections.ListChangeListener<HistoryRow>) c -> {
            if (!vm.history().isEmpty()) {
                history.scrollTo(vm.history().size() - 1);
            }
        });
        javafx.scene.control.TabPane tabs = new javafx.scene.control.TabPane();
        tabs.setId("detail-tabs");
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        javafx.scene.control.Tab historyTab = new javafx.scene.control.Tab("History", history);
        javafx.scene.control.Tab accessTab = new javafx.scene.control.Tab("Access", shareAccess());
        accessTab.setId("detail-access-tab");
        accessTab.disableProperty().bind(vm.shareAccess().shareProperty().isNull());
        javafx.scene.control.Tab instancesTab = new javafx.scene.control.Tab("Instances", shareInstances());
        instancesTab.setId("detail-instances-tab");
        instancesTab.disableProperty().bind(vm.shareAccess().shareProperty().isNull());
        javafx.scene.control.Tab replicasTab = new javafx.scene.control.Tab("Replicas", shareReplicas());
        replicasTab.setId("detail-replicas-tab");
        replicasTab.disableProperty().bind(vm.shareAccess().shareProperty().isNull());
        tabs.getTabs().addAll(historyTab, accessTab, instancesTab, replicasTab);
        VBox box = new VBox(6, title, shareFacts(), jobStrip(), tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** A selected share's type, zone, pool, visibility and metadata, with their changes for operators. */
    private Node shareFacts() {
        ShareFacts facts = vm.shareFacts();
        Label summary = new Label();
        summary.setId("detail-share-facts");
        summary.textProperty().bind(facts.summaryProperty());
        Label metadata = new Label();
        metadata.setId("detail-share-metadata");
        metadata.setWrapText(true);
        metadata.textProperty().bind(facts.metadataProperty());
        VBox box = new VBox(4, summary, metadata);
        if (facts.mayEdit()) {
            Button visibility = new Button();
            visibility.setId("detail-share-public");
            visibility.textProperty().bind(javafx.beans.binding.Bindings.when(facts.publicProperty())
                    .then("Make private").otherwise("Make public"));
            visibility.setOnAction(e -> facts.togglePublic());
            javafx.scene.control.TextField entry = new javafx.scene.control.TextField();
            entry.setId("detail-share-metadata-entry");
            entry.setPromptText("key=value");
            entry.setPrefWidth(200);
            entry.textProperty().bindBidirectional(facts.entryProperty());
            Button set = new Button("Set metadata");
            set.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> facts.entryProblem() != null, facts.entryProperty()));
            set.setOnAction(e -> facts.setMetadata());
            Button unset = new Button("Unset key");
            unset.disableProperty().bind(facts.entryProperty().isEmpty());
            unset.setOnAction(e -> facts.unsetMetadata());
            HBox edits = new HBox(8, visibility, entry, set, unset);
            edits.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            box.getChildren().add(edits);
        }
        box.visibleProperty().bind(facts.shareProperty().isNotNull());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** A selected share's replicas with both badges and lag, and the operations their declarations allow. */
    private Node shareReplicas() {
        ShareReplicas shown = vm.shareReplicas();
        TableView<io.lockstep.api.replica.ShareReplica> table = new TableView<>(shown.replicas());
        table.setId("detail-replicas");
        table.setMinHeight(90);
        Label empty = new Label();
        empty.setWrapText(true);
        empty.textProperty().bind(shown.placeholderProperty());
        table.setPlaceholder(empty);
        table.getColumns().add(accessColumn("Replica", 270, io.lockstep.api.replica.ShareReplica::id));
        TableColumn<io.lockstep.api.replica.ShareReplica, String> status = accessColumn("Status", 140,
                io.lockstep.api.replica.ShareReplica::status);
        status.setCellFactory(c -> new StatusBadgeCell<>(vm.model()::catalog, ShareReplicas.KIND));
        table.getColumns().add(status);
        TableColumn<io.lockstep.api.replica.ShareReplica, String> state = accessColumn("Replica state", 120,
                io.lockstep.api.replica.ShareReplica::replicaState);
        state.setCellFactory(c -> new StatusBadgeCell<>(vm.model()::catalog, ShareReplicas.STATE_KIND));
        table.getColumns().add(state);
        table.getColumns().add(accessColumn("Host", 200, r -> r.host() == null ? "" : r.host()));
        table.getColumns().add(accessColumn("Zone", 80, r -> r.availabilityZone() == null ? ""
                : r.availabilityZone()));
        table.getColumns().add(accessColumn("Lag", 70, r -> r.lagMs() == null ? "" : r.lagMs() + " ms"));
        table.getColumns().add(accessColumn("Last synced", 180, r -> r.lastSyncedAt() == null ? ""
                : r.lastSyncedAt()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> shown.selectedProperty().set(b));
        Button add = guarded(new Button("Add replica"), shown.addRefusalProperty(), shown::add);
        add.setId("detail-replica-add");
        Button promote = guarded(new Button("Promote…"), shown.promoteRefusalProperty(), shown::promote);
        promote.setId("detail-replica-promote");
        Button resync = guarded(new Button("Resync…"), shown.resyncRefusalProperty(), shown::resync);
        resync.setId("detail-replica-resync");
        Button delete = guarded(new Button("Delete selected"), shown.deleteRefusalProperty(), shown::delete);
        delete.setId("detail-replica-delete");
        HBox controls = new HBox(8, add, promote, resync, delete);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(6, controls, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    /** A selected share's instances (admins): the one that follows it and a migration's destination. */
    private Node shareInstances() {
        ShareInstances shown = vm.shareInstances();
        TableView<io.lockstep.api.share.ShareInstance> table = new TableView<>(shown.instances());
        table.setId("detail-instances");
        Label empty = new Label();
        empty.textProperty().bind(shown.placeholderProperty());
        table.setPlaceholder(empty);
        table.getColumns().add(accessColumn("Instance", 280, io.lockstep.api.share.ShareInstance::id));
        TableColumn<io.lockstep.api.share.ShareInstance, String> status = accessColumn("Status", 140,
                io.lockstep.api.share.ShareInstance::status);
        status.setCellFactory(c -> new StatusBadgeCell<>(vm.model()::catalog, ShareInstances.KIND));
        table.getColumns().add(status);
        table.getColumns().add(accessColumn("Host", 200, io.lockstep.api.share.ShareInstance::host));
        table.getColumns().add(accessColumn("Progress", 70, io.lockstep.api.share.ShareInstance::progress));
        table.getColumns().add(accessColumn("Access rules", 100, i -> i.accessRulesStatus() == null ? ""
                : i.accessRulesStatus()));
        table.getColumns().add(accessColumn("Created", 180, io.lockstep.api.share.ShareInstance::createdAt));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label note = new Label("The share's status is its instance's: both change in one write. A migration adds "
                + "its destination until it completes.");
        note.getStyleClass().add("text-muted");
        VBox box = new VBox(6, note, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    /** A selected share's access rules with state badges, and Allow and Deny as the declarations allow. */
    private Node shareAccess() {
        ShareAccess access = vm.shareAccess();
        TableView<io.lockstep.api.share.AccessRule> table = new TableView<>(access.rules());
        table.setId("detail-access-rules");
        table.setPlaceholder(new Label("No access rules: nobody may mount this share yet."));
        table.setMinHeight(90); // two rules and the header, however low the pane is dragged
        table.getColumns().add(accessColumn("Type", 60, io.lockstep.api.share.AccessRule::accessType));
        table.getColumns().add(accessColumn("Access to", 220, io.lockstep.api.share.AccessRule::accessTo));
        table.getColumns().add(accessColumn("Level", 50, io.lockstep.api.share.AccessRule::accessLevel));
        TableColumn<io.lockstep.api.share.AccessRule, String> state = accessColumn("State", 140,
                io.lockstep.api.share.AccessRule::state);
        state.setCellFactory(c -> new StatusBadgeCell<>(vm.model()::catalog, ShareAccess.KIND));
        table.getColumns().add(state);
        table.getColumns().add(accessColumn("Key", 160, r -> r.accessKey() == null ? "" : r.accessKey()));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> access.selectedProperty().set(b));
        javafx.scene.control.ChoiceBox<String> type = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(ShareAccess.TYPES));
        type.setId("detail-access-type");
        type.valueProperty().bindBidirectional(access.typeProperty());
        javafx.scene.control.TextField to = new javafx.scene.control.TextField();
        to.setId("detail-access-to");
        to.setPromptText("10.0.0.0/24, a user, a CN or a Ceph id");
        to.setPrefWidth(240);
        to.textProperty().bindBidirectional(access.targetProperty());
        javafx.scene.control.ChoiceBox<String> level = new javafx.scene.control.ChoiceBox<>(
                javafx.collections.FXCollections.observableArrayList(ShareAccess.LEVELS));
        level.valueProperty().bindBidirectional(access.levelProperty());
        Button allow = guarded(new Button("Allow"), access.allowRefusalProperty(), access::allow);
        allow.setId("detail-access-allow");
        Button deny = guarded(new Button("Deny selected"), access.denyRefusalProperty(), access::deny);
        deny.setId("detail-access-deny");
        HBox controls = new HBox(8, type, to, level, allow, deny);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        // the controls first: they stay in sight when the detail pane is low
        VBox box = new VBox(6, controls, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(6, 0, 0, 0));
        return box;
    }

    /** Disabled while {@code refusal} says why not, which its tooltip then shows. */
    private static Button guarded(Button b, javafx.beans.property.StringProperty refusal, Runnable action) {
        b.disableProperty().bind(refusal.isNotEmpty());
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(refusal);
        // a disabled control shows no tooltip; its wrapper does
        b.setTooltip(tip);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static <T> TableColumn<T, String> accessColumn(String title, double width,
                                                           java.util.function.Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new javafx.beans.property.SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }

    /** The selected resource's live job: a progress bar and its phase, rate, ETA and holder. */
    private Node jobStrip() {
        ProgressBar bar = new ProgressBar();
        bar.setId("detail-job-progress");
        bar.setPrefWidth(220);
        Label text = new Label();
        text.setId("detail-job-text");
        HBox strip = new HBox(8, new FontIcon("mdmz-sync"), bar, text);
        strip.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        strip.setId("detail-job");
        strip.managedProperty().bind(strip.visibleProperty());
        Runnable show = () -> {
            JobView j = vm.selectedJobProperty().get();
            strip.setVisible(j != null);
            if (j != null) {
                bar.setProgress(ResourcesViewModel.fraction(j));
                text.setText(ResourcesViewModel.describe(j));
            }
        };
        vm.selectedJobProperty().addListener(o -> show.run());
        show.run();
        return strip;
    }

    /** "Worked on by" with a small progress bar while a job copies the resource's bytes. */
    private final class WorkCell extends TableCell<ResourceItem, String> {
        private final ProgressBar bar = new ProgressBar();

        WorkCell() {
            bar.setPrefWidth(46);
            bar.setMaxHeight(10);
            setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
            setGraphicTextGap(6);
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            ResourceItem item = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
            JobView j = item == null ? null : vm.jobOf(item);
            setText(empty ? null : text);
            if (j != null && j.bytesTotal() > 0) {
                bar.setProgress(ResourcesViewModel.fraction(j));
                setGraphic(bar);
            } else {
                setGraphic(null);
            }
        }
    }

    private static TableColumn<HistoryRow, String> historyColumn(String title, double width,
                                                                 Function<HistoryRow, String> value) {
        TableColumn<HistoryRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static <T> TableColumn<ResourceItem, T> column(String title, double width,
                                                           Function<ResourceItem, ObservableValue<T>> value) {
        TableColumn<ResourceItem, T> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> value.apply(d.getValue()));
        c.setPrefWidth(width);
        return c;
    }

    static String format(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private void save(String extension) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export visible rows");
        chooser.setInitialFileName(vm.resourceTypeProperty().get() + "s." + extension);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(extension.toUpperCase(), "*." + extension));
        var file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.exportTo(file.toPath(), extension.equals("json"));
        }
    }
}
