package io.lockstep.views.lab;

import io.lockstep.client.race.Race;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** Driver controls, race buttons with their outcome table, and the embedded service's restart. */
public final class LabView {

    private final VBox root = new VBox(16);

    public LabView(LabViewModel vm) {
        root.setPadding(new Insets(16));
        root.setId("lab");
        Label title = new Label("Lab");
        title.getStyleClass().add("title-2");

        Slider min = slider(0, 5000, vm.minLatencyMsProperty().get());
        min.setId("min-latency");
        min.valueProperty().bindBidirectional(vm.minLatencyMsProperty());
        Slider max = slider(0, 5000, vm.maxLatencyMsProperty().get());
        max.setId("max-latency");
        max.valueProperty().bindBidirectional(vm.maxLatencyMsProperty());
        Slider fail = slider(0, 1, vm.failureRateProperty().get());
        fail.setId("failure-rate");
        fail.setMajorTickUnit(0.25);
        fail.valueProperty().bindBidirectional(vm.failureRateProperty());
        Label minText = new Label();
        minText.textProperty().bind(vm.minLatencyMsProperty().asString("%d ms"));
        Label maxText = new Label();
        maxText.textProperty().bind(vm.maxLatencyMsProperty().asString("%d ms"));
        Label failText = new Label();
        failText.textProperty().bind(vm.failureRateProperty().multiply(100).asString("%.0f %%"));
        Button apply = new Button("Apply to the driver", new FontIcon("mdal-check"));
        apply.setId("apply-driver");
        apply.disableProperty().bind(vm.busyProperty());
        apply.setOnAction(e -> vm.apply());
        Label summary = new Label();
        summary.textProperty().bind(vm.driverSummaryProperty());
        summary.getStyleClass().add("text-muted");
        GridPane driver = new GridPane();
        driver.setHgap(12);
        driver.setVgap(8);
        driver.addRow(0, new Label("Latency, least"), min, minText);
        driver.addRow(1, new Label("Latency, most"), max, maxText);
        driver.addRow(2, new Label("Failure rate"), fail, failText);
        driver.add(new HBox(12, apply, summary), 0, 3, 3, 1);

        Slider phase = slider(0, 10000, vm.networkLatencyMsProperty().get());
        phase.setId("network-latency");
        phase.valueProperty().bindBidirectional(vm.networkLatencyMsProperty());
        Slider netFail = slider(0, 1, vm.networkFailureRateProperty().get());
        netFail.setId("network-failure-rate");
        netFail.setMajorTickUnit(0.25);
        netFail.valueProperty().bindBidirectional(vm.networkFailureRateProperty());
        Label phaseText = new Label();
        phaseText.textProperty().bind(vm.networkLatencyMsProperty().asString("%d ms"));
        Label netFailText = new Label();
        netFailText.textProperty().bind(vm.networkFailureRateProperty().multiply(100).asString("%.0f %%"));
        Button applyNet = new Button("Apply to the network plugin", new FontIcon("mdal-check"));
        applyNet.setId("apply-network");
        applyNet.disableProperty().bind(vm.busyProperty());
        applyNet.setOnAction(e -> vm.applyNetwork());
        Button killSetup = new Button("Kill the share service mid-setup", new FontIcon("mdal-flash_on"));
        killSetup.setId("kill-setup");
        killSetup.setOnAction(e -> vm.killSetup());
        GridPane network = new GridPane();
        network.setHgap(12);
        network.setVgap(8);
        network.addRow(0, new Label("Each phase takes"), phase, phaseText);
        network.addRow(1, new Label("Failure rate"), netFail, netFailText);
        network.add(new HBox(12, applyNet, killSetup), 0, 2, 3, 1);
        Label networkHelp = new Label("A share server is set up in phases (allocating the network, setting up the "
                + "server, configuring security services), each a call to the simulated network plugin. Slow it down, "
                + "create a share on a share network, and kill the share service inside a phase: another resumes it "
                + "once the lease runs out. A failure ends the server in that phase's error.");
        networkHelp.getStyleClass().add("text-muted");
        networkHelp.setWrapText(true);

        javafx.scene.layout.FlowPane pools = new javafx.scene.layout.FlowPane(12, 6);
        for (String pool : LabViewModel.POOLS) {
            javafx.scene.control.CheckBox down = new javafx.scene.control.CheckBox(pool + " down");
            down.setId("replication-" + pool + "-down");
            down.selectedProperty().bindBidirectional(vm.poolDownProperty(pool));
            pools.getChildren().add(down);
        }
        javafx.scene.control.CheckBox link = new javafx.scene.control.CheckBox("replication link down");
        link.setId("replication-link-down");
        link.selectedProperty().bindBidirectional(vm.linkDownProperty());
        pools.getChildren().add(link);
        Slider lag = slider(0, 5000, vm.lagMsProperty().get());
        lag.setId("replication-lag");
        lag.valueProperty().bindBidirectional(vm.lagMsProperty());
        Label lagText = new Label();
        lagText.textProperty().bind(vm.lagMsProperty().asString("%d ms"));
        Slider poll = slider(100, 30000, vm.pollIntervalMsProperty().get());
        poll.setId("replication-poll-interval");
        poll.valueProperty().bindBidirectional(vm.pollIntervalMsProperty());
        Label pollText = new Label();
        pollText.textProperty().bind(vm.pollIntervalMsProperty().asString("%d ms"));
        Button applyReplication = new Button("Apply to the replication", new FontIcon("mdal-check"));
        applyReplication.setId("apply-replication");
        applyReplication.disableProperty().bind(vm.busyProperty());
        applyReplication.setOnAction(e -> vm.applyReplication());
        GridPane replication = new GridPane();
        replication.setHgap(12);
        replication.setVgap(8);
        replication.add(pools, 0, 0, 3, 1);
        replication.addRow(1, new Label("A secondary trails by"), lag, lagText);
        replication.addRow(2, new Label("The leader polls every"), poll, pollText);
        replication.add(applyReplication, 0, 3, 3, 1);
        Label replicationHelp = new Label("Replicate a share of the 'replicated' type (its Replicas tab on Resources), "
                + "then take the active replica's pool down: the replication leader's poll marks the secondary "
                + "out_of_sync. Promote it, bring the pool back and resync the old active one. Kill the replication "
                + "leader on Leaders and services: the next one goes on polling.");
        replicationHelp.getStyleClass().add("text-muted");
        replicationHelp.setWrapText(true);

        Spinner<Integer> trials = new Spinner<>(1, 1000, vm.trialsProperty().get(), 10);
        trials.setId("race-trials");
        trials.setEditable(true);
        trials.valueProperty().addListener((o, a, b) -> vm.trialsProperty().set(b));
        HBox races = new HBox(8, new Label("Trials"), trials);
        for (Race race : Race.shareRaces()) {
            Button b = new Button(race.label(), new FontIcon("mdal-flash_on"));
            b.setId("race-" + race.label());
            b.disableProperty().bind(vm.racingProperty());
            b.setOnAction(e -> vm.runRace(race));
            races.getChildren().add(b);
        }
        ProgressBar progress = new ProgressBar();
        progress.setId("race-progress");
        progress.setPrefWidth(300);
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.racingProperty());
        TextArea table = new TextArea();
        table.setId("race-report");
        table.setEditable(false);
        table.getStyleClass().add("monospace");
        table.setPrefRowCount(10);
        table.textProperty().bind(vm.reportProperty());

        VBox service = new VBox(8);
        if (vm.canRestart()) {
            Button restart = new Button("Restart the API node", new FontIcon("mdmz-refresh"));
            restart.setId("restart-service");
            restart.disableProperty().bind(vm.busyProperty());
            restart.setOnAction(e -> vm.restartService());
            Label why = new Label("Stops api-1, the node this console talks to, and starts it on the same port; the rest of "
                    + "the cluster runs on. "
                    + "The console shows 'Reconnecting' and resumes from its last event.");
            why.getStyleClass().add("text-muted");
            why.setWrapText(true);
            service.getChildren().addAll(restart, why);
        }
        Button reset = new Button("Reset the lab…", new FontIcon("mdmz-restore"));
        reset.setId("reset-lab");
        reset.getStyleClass().add("danger");
        reset.disableProperty().bind(vm.resettingProperty());
        reset.setOnAction(e -> vm.reset());
        Label resetHelp = new Label("Back to a known state in one action: every resource ended through the API (each "
                + "end an event), stopped and killed nodes running again, the settings above back to the lab's. "
                + "The history stays, to replay.");
        resetHelp.getStyleClass().add("text-muted");
        resetHelp.setWrapText(true);
        Button stray = new Button("Hold a stray lock (2 min)", new FontIcon("mdal-lock"));
        stray.setId("hold-stray-lock");
        stray.setOnAction(e -> vm.holdStrayLock());
        Label clusterHelp = new Label("Nodes are stopped, killed, paused and restarted from Leaders and services. "
                + "A stray lock is taken by a process outside the cluster's services and kept: watch it age and be "
                + "flagged on the Locks page, then break it there.");
        clusterHelp.getStyleClass().add("text-muted");
        clusterHelp.setWrapText(true);
        Label raceHelp = new Label("Each trial creates a share, then sends two calls at once while the driver is slow. "
                + "Watch the State machines view: edges flash, refusals flash the state that blocked them.");
        raceHelp.getStyleClass().add("text-muted");
        raceHelp.setWrapText(true);
        root.getChildren().addAll(title, section("Simulated driver"), driver, section("Share servers"), networkHelp,
                network, section("Cluster"), clusterHelp, stray,
                service, section("Races"), raceHelp, races, progress, table, section("Replication"), replicationHelp,
                replication, section("Reset"), resetHelp, reset);
        vm.refresh();
    }

    public Node root() {
        ScrollPane scroll = new ScrollPane(root);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        return l;
    }

    private static Slider slider(double min, double max, double value) {
        Slider s = new Slider(min, max, value);
        s.setPrefWidth(360);
        s.setShowTickMarks(true);
        s.setMajorTickUnit((max - min) / 5);
        return s;
    }
}
