package io.lockstep.views.cluster;

import io.lockstep.api.coordination.ElectionView;
import io.lockstep.api.event.Event;
import io.lockstep.api.lab.LabNode;
import io.lockstep.api.service.ServiceView;
import io.lockstep.views.live.EventCell;
import io.lockstep.views.live.LiveSelection;
import io.lockstep.views.live.Times;
import io.lockstep.views.live.TickingCell;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Elections and their timeline, services with heartbeat bars, and the lab's nodes, each with its actions. */
public final class LeadersView {

    private final LeadersViewModel vm;
    private final Node root;

    public LeadersView(LeadersViewModel vm) {
        this.vm = vm;
        Label title = new Label("Leaders and services");
        title.getStyleClass().add("title-2");
        ClusterModel m = vm.model();

        TableView<ElectionView> elections = electionTable();
        Node stepDown = GuardedButton.of("step-down", "Step down…", "mdal-arrow_downward", false,
                () -> vm.stepDownAvailability(vm.selectedElectionProperty().get()),
                () -> vm.stepDown(vm.selectedElectionProperty().get()),
                vm.selectedElectionProperty(), m.knownProperty(), m.revisionProperty());
        ListView<Event> timeline = timeline();
        // what each election's leader does, as the service says, under the table
        Label duties = new Label();
        duties.setId("leader-duties");
        duties.setWrapText(true);
        duties.setMinHeight(Region.USE_PREF_SIZE); // wrapped in full, never cut to one line
        duties.getStyleClass().add("text-muted");
        Runnable showDuties = () -> duties.setText(vm.elections().stream().filter(e -> !e.duties().isEmpty())
                .map(e -> "The " + e.name() + " leader " + String.join("; ", e.duties()) + ".")
                .collect(Collectors.joining("\n")));
        vm.elections().addListener((javafx.collections.ListChangeListener<ElectionView>) c -> showDuties.run());
        showDuties.run();
        VBox left = new VBox(6, header("Elections", stepDown), elections, duties);
        VBox right = new VBox(6, header("Timeline", new Region()), timeline);
        VBox.setVgrow(elections, Priority.ALWAYS);
        VBox.setVgrow(timeline, Priority.ALWAYS);
        SplitPane top = new SplitPane(left, right);
        top.setDividerPositions(0.55);

        TableView<ServiceView> services = serviceTable();
        Node disable = GuardedButton.of("disable-service", "Disable…", "mdal-block", false,
                () -> vm.switchAvailability(vm.selectedServiceProperty().get(), true),
                () -> vm.switchService(vm.selectedServiceProperty().get(), true),
                vm.selectedServiceProperty(), m.knownProperty(), m.revisionProperty());
        Node enable = GuardedButton.of("enable-service", "Enable…", "mdal-check_circle_outline", false,
                () -> vm.switchAvailability(vm.selectedServiceProperty().get(), false),
                () -> vm.switchService(vm.selectedServiceProperty().get(), false),
                vm.selectedServiceProperty(), m.knownProperty(), m.revisionProperty());
        Label downTime = new Label();
        downTime.textProperty().bind(m.serviceDownTimeSecondsProperty().asString(
                "Bar: the last heartbeat's age against service_down_time (%d s); full means down."));
        downTime.getStyleClass().add("text-muted");
        VBox servicesBox = new VBox(6, header("Services", disable, enable), services, downTime);
        VBox.setVgrow(services, Priority.ALWAYS);

        TableView<LabNode> nodes = nodeTable();
        javafx.scene.layout.FlowPane nodeButtons = new javafx.scene.layout.FlowPane(6, 6);
        for (LeadersViewModel.NodeAction a : LeadersViewModel.NodeAction.values()) {
            nodeButtons.getChildren().add(GuardedButton.of("node-" + a.wire(), a.label() + "…", icon(a),
                    a == LeadersViewModel.NodeAction.KILL, () -> vm.nodeAvailability(vm.selectedNodeProperty().get(), a),
                    () -> vm.nodeAction(vm.selectedNodeProperty().get(), a), vm.selectedNodeProperty(),
                    m.knownProperty(), m.revisionProperty()));
        }
        Label nodesTitle = new Label("Lab nodes");
        nodesTitle.getStyleClass().add("title-4");
        VBox nodesBox = new VBox(6, nodesTitle, nodeButtons, nodes);
        VBox.setVgrow(nodes, Priority.ALWAYS);
        nodesBox.visibleProperty().bind(m.labProperty());
        nodesBox.managedProperty().bind(m.labProperty());

        SplitPane bottom = new SplitPane(servicesBox, nodesBox);
        bottom.setDividerPositions(0.55);
        VBox content = new VBox(12, top, bottom);
        VBox.setVgrow(top, Priority.ALWAYS);
        VBox.setVgrow(bottom, Priority.ALWAYS);
        VBox page = new VBox(10, title, UnknownCover.over(content, m, "leaders"));
        VBox.setVgrow(page.getChildren().get(1), Priority.ALWAYS);
        page.setPadding(new Insets(16));
        page.setId("leaders");
        this.root = page;
    }

    public Node root() {
        return root;
    }

    private static HBox header(String text, Node... right) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox box = new HBox(8, l, grow);
        box.getChildren().addAll(right);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private TableView<ElectionView> electionTable() {
        TableView<ElectionView> t = new TableView<>(vm.elections());
        t.setId("election-table");
        t.setPlaceholder(new Label("No election yet."));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(col("Election", e -> e.name()));
        t.getColumns().add(col("Leader", e -> e.leader() == null ? "none" : e.leader().node()));
        t.getColumns().add(col("Term", e -> Long.toString(e.term())));
        t.getColumns().add(TickingCell.column("In office", vm.model().nowProperty(), vm::inOffice));
        t.getColumns().add(col("Participants (in line)", e -> e.participants().stream()
                .map(p -> p.node()).collect(Collectors.joining(", "))));
        LiveSelection.bind(t, vm.selectedElectionProperty(), ElectionView::name);
        return t;
    }

    private ListView<Event> timeline() {
        ListView<Event> l = new ListView<>(vm.timeline());
        l.setId("cluster-timeline");
        l.setPlaceholder(new Label("Leader, service, lock and node changes appear here."));
        l.setCellFactory(v -> new EventCell(LeadersViewModel::describe));
        return l;
    }

    private TableView<ServiceView> serviceTable() {
        TableView<ServiceView> t = new TableView<>(vm.services());
        t.setId("service-table");
        t.setPlaceholder(new Label("No service has reported yet."));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(col("Binary", ServiceView::binary));
        t.getColumns().add(col("Host", ServiceView::host));
        t.getColumns().add(col("State", s -> s.state() + (s.status().equals("disabled") ? ", disabled" : "")
                + (s.inGroup() ? "" : ", not in group")));
        TableColumn<ServiceView, ServiceView> beat = new TableColumn<>("Heartbeat");
        beat.setPrefWidth(200);
        beat.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        beat.setCellFactory(c -> new TickingCell<>(vm.model().nowProperty()) {
            private final ProgressBar bar = new ProgressBar();
            private final Label age = new Label();
            private final HBox box = new HBox(6, bar, age);

            {
                bar.setPrefWidth(110);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void draw(ServiceView s) {
                double f = vm.heartbeatFraction(s);
                bar.setProgress(Math.min(1, f));
                TickingCell.styleClass(bar, "heartbeat-down", f >= 1);
                TickingCell.styleClass(bar, "heartbeat-late", f >= 0.5 && f < 1);
                TickingCell.styleClass(bar, "heartbeat-ok", f < 0.5);
                age.setText(Times.humanDuration(vm.heartbeatAge(s)) + " ago");
                setGraphic(box);
            }
        });
        t.getColumns().add(beat);
        t.getColumns().add(col("Reports", s -> Long.toString(s.reportCount())));
        LiveSelection.bind(t, vm.selectedServiceProperty(), s -> s.binary() + "@" + s.host());
        return t;
    }

    private TableView<LabNode> nodeTable() {
        TableView<LabNode> t = new TableView<>(vm.nodes());
        t.setId("node-table");
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(col("Node", LabNode::id));
        t.getColumns().add(col("Runs", n -> n.roles() == null ? "" : String.join(", ", n.roles())));
        t.getColumns().add(col("State", LabNode::state));
        t.getColumns().add(col("Busy workers", n -> Integer.toString(n.busyWorkers())));
        LiveSelection.bind(t, vm.selectedNodeProperty(), LabNode::id);
        return t;
    }

    private static String icon(LeadersViewModel.NodeAction a) {
        return switch (a) {
            case STOP -> "mdmz-stop";
            case KILL -> "mdal-flash_off";
            case PAUSE -> "mdmz-pause";
            case EXPIRE -> "mdmz-timer_off";
            case RESTART -> "mdmz-play_arrow";
        };
    }

    private static <T> TableColumn<T, String> col(String title, Function<T, String> f) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyStringWrapper(f.apply(v.getValue())));
        return c;
    }
}
