package io.lockstep.views.lab;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.DriverStatus;
import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.client.race.Race;
import io.lockstep.client.race.RaceReport;
import io.lockstep.client.race.RaceRunner;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The lab panel: the simulated driver's latency and failure rate, the three races fired through the
 * API with their outcome table, and (embedded lab only) a service restart. FX thread only.
 */
public final class LabViewModel {

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final Optional<LabControl> control;
    private final IntegerProperty minLatencyMs = new SimpleIntegerProperty(this, "minLatencyMs");
    private final IntegerProperty maxLatencyMs = new SimpleIntegerProperty(this, "maxLatencyMs");
    private final DoubleProperty failureRate = new SimpleDoubleProperty(this, "failureRate");
    private final IntegerProperty trials = new SimpleIntegerProperty(this, "trials", 20);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
    private final ReadOnlyBooleanWrapper racing = new ReadOnlyBooleanWrapper(this, "racing");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper report = new ReadOnlyStringWrapper(this, "report", RaceReport.HEADER + "\n");
    private final ReadOnlyStringWrapper driverSummary = new ReadOnlyStringWrapper(this, "driverSummary", "");
    private final IntegerProperty networkLatencyMs = new SimpleIntegerProperty(this, "networkLatencyMs");
    private final DoubleProperty networkFailureRate = new SimpleDoubleProperty(this, "networkFailureRate");
    /** The simulated pools, each up (false) or down (true), by name. */
    private final javafx.collections.ObservableMap<String, BooleanProperty> poolsDown =
            javafx.collections.FXCollections.observableMap(new java.util.TreeMap<>());
    private final BooleanProperty linkDown = new SimpleBooleanProperty(this, "linkDown");
    private final IntegerProperty lagMs = new SimpleIntegerProperty(this, "lagMs");
    private final IntegerProperty pollIntervalMs = new SimpleIntegerProperty(this, "pollIntervalMs");

    private final io.lockstep.views.dialog.DialogService dialogs;
    private final BooleanProperty resetting = new SimpleBooleanProperty(this, "resetting");

    public LabViewModel(LockstepClient client, TaskExecutor executor, NoticeBoard notices, Optional<LabControl> control,
                        io.lockstep.views.dialog.DialogService dialogs) {
        this.dialogs = dialogs;
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.control = control;
    }

    /** Reads the driver's and the network plugin's settings from the service. */
    public void refresh() {
        executor.submit(() -> client.call(client.lockstep().driver()), this::show,
                e -> notices.post(Notice.Level.ERROR, "Could not read the driver settings: " + e.getMessage()));
        executor.submit(() -> client.call(client.lockstep().network()), this::showNetwork,
                e -> notices.post(Notice.Level.ERROR, "Could not read the network plugin settings: " + e.getMessage()));
        executor.submit(() -> client.call(client.lockstep().replication()), this::showReplication,
                e -> notices.post(Notice.Level.ERROR, "Could not read the replication settings: " + e.getMessage()));
    }

    /** The pools the lab can take down; the view makes one switch each. */
    public static final java.util.List<String> POOLS = java.util.List.of("pool1", "pool2", "pool3");

    private void showReplication(io.lockstep.api.lab.ReplicationSettings s) {
        for (String pool : POOLS) {
            poolDownProperty(pool).set(s.downPools().contains(pool));
        }
        linkDown.set(Boolean.TRUE.equals(s.linkDown()));
        lagMs.set(s.lagMs().intValue());
        pollIntervalMs.set(s.pollIntervalMs().intValue());
    }

    /** Sends which pools and whether the link are down, a healthy secondary's lag and the poll interval. */
    public void applyReplication() {
        java.util.List<String> down = POOLS.stream().filter(p -> poolDownProperty(p).get()).toList();
        var patch = new io.lockstep.api.lab.ReplicationSettings((long) lagMs.get(), down, linkDown.get(),
                (long) pollIntervalMs.get());
        busy.set(true);
        executor.submit(() -> client.call(client.lockstep().updateReplication(patch)), s -> {
            busy.set(false);
            showReplication(s);
            notices.post(Notice.Level.SUCCESS, "Replication: " + (s.downPools().isEmpty() ? "every pool up"
                    : String.join(", ", s.downPools()) + " down") + (Boolean.TRUE.equals(s.linkDown())
                    ? ", the link down" : "") + "; the replication leader polls every " + s.pollIntervalMs() + " ms.");
        }, e -> {
            busy.set(false);
            notices.post(Notice.Level.ERROR, "Replication settings refused: " + message(e));
        });
    }

    public BooleanProperty poolDownProperty(String pool) {
        return poolsDown.computeIfAbsent(pool, p -> new SimpleBooleanProperty(this, p + "Down"));
    }

    public BooleanProperty linkDownProperty() {
        return linkDown;
    }

    public IntegerProperty lagMsProperty() {
        return lagMs;
    }

    public IntegerProperty pollIntervalMsProperty() {
        return pollIntervalMs;
    }

    private void showNetwork(NetworkPluginSettings s) {
        networkLatencyMs.set(s.maxLatencyMs().intValue());
        networkFailureRate.set(s.failureRate());
    }

    /** Sends the network plugin's latency (each phase's call takes it) and failure rate. */
    public void applyNetwork() {
        long latency = networkLatencyMs.get();
        NetworkPluginSettings patch = new NetworkPluginSettings(latency, latency, networkFailureRate.get(), null);
        busy.set(true);
        executor.submit(() -> client.call(client.lockstep().updateNetwork(patch)), s -> {
            busy.set(false);
            showNetwork(s);
            notices.post(Notice.Level.SUCCESS, String.format("Network plugin: %d ms per phase, failure rate %.0f%%.",
                    s.maxLatencyMs(), s.failureRate() * 100));
        }, e -> {
            busy.set(false);
            notices.post(Notice.Level.ERROR, "Network plugin settings refused: " + message(e));
        });
    }

    /** Kills the share service inside a share server's setup phase; another resumes it after the lease. */
    public void killSetup() {
        executor.submit(() -> client.call(client.lockstep().killSetup()), r -> notices.post(Notice.Level.INFO,
                r.get("killed") + " was killed while it set up share server " + r.get("share_server")
                        + ". Another share service takes the phase over once its lease runs out; watch the server's "
                        + "phases on Share networks and State machines."),
                e -> notices.post(Notice.Level.ERROR, "Nothing killed: " + message(e)));
    }

    private static String message(Throwable e) {
        return e instanceof ApiException a && a.detail() != null ? a.detail().message() : e.getMessage();
    }

    public IntegerProperty networkLatencyMsProperty() {
        return networkLatencyMs;
    }

    public DoubleProperty networkFailureRateProperty() {
        return networkFailureRate;
    }

    private void show(DriverStatus s) {
        minLatencyMs.set(s.settings().minLatencyMs().intValue());
        maxLatencyMs.set(s.settings().maxLatencyMs().intValue());
        failureRate.set(s.settings().failureRate());
        driverSummary.set(s.shares() + " shares, " + s.snapshots() + " snapshots, " + s.allocatedGb() + " of "
                + s.settings().capacityGb() + " GiB allocated");
    }

    /** Sends the latency and failure rate as they are now; the server validates them. */
    public void apply() {
        DriverSettings patch = new DriverSettings((long) minLatencyMs.get(), (long) maxLatencyMs.get(),
                failureRate.get(), null, null);
        busy.set(true);
        executor.submit(() -> client.call(client.lockstep().updateDriver(patch)), s -> {
            busy.set(false);
            show(s);
            notices.post(Notice.Level.SUCCESS, String.format("Driver: latency %d-%d ms, failure rate %.0f%%.",
                    s.settings().minLatencyMs(), s.settings().maxLatencyMs(), s.settings().failureRate() * 100));
        }, e -> {
            busy.set(false);
            notices.post(Notice.Level.ERROR, "Driver settings refused: " + (e instanceof ApiException a
                    && a.detail() != null ? a.detail().message() : e.getMessage()));
        });
    }

    /** Fires {@code race} {@link #trialsProperty()} times; the table grows by one line when it ends. */
    public void runRace(Race race) {
        if (racing.get()) {
            return;
        }
        int n = trials.get();
        if (n < 1 || n > 1000) {
            notices.post(Notice.Level.WARNING, "Trials: from 1 to 1000.");
            return;
        }
        racing.set(true);
        progress.set(0);
        executor.submit(() -> {
            try (RaceRunner runner = new RaceRunner(client, 16)) {
                return runner.run(race, n, done -> executor.onUiThread(() -> progress.set(done / (double) n)));
            }
        }, r -> {
            racing.set(false);
            progress.set(1);
            StringBuilder sb = new StringBuilder(report.get()).append(r.row()).append('\n');
            r.examples().stream().limit(2).forEach(e -> sb.append("      e.g. ").append(e).append('\n'));
            report.set(sb.toString());
            notices.post(r.violations() == 0 ? Notice.Level.SUCCESS : Notice.Level.ERROR,
                    r.race() + ": " + r.trials() + " trials, " + r.violations() + " violations.");
            refresh();
        }, e -> {
            racing.set(false);
            notices.post(Notice.Level.ERROR, race.label() + " stopped: " + e.getMessage());
        });
    }

    /** Has a process outside the cluster take a lock and keep it for two minutes (a stuck holder to break). */
    public void holdStrayLock() {
        executor.submit(() -> client.call(client.lockstep().strayLock(120)), r -> notices.post(Notice.Level.INFO,
                r.get("name") + " is held by lab-script, a process that is no service of the cluster, for 2 min. "
                        + "Locks shows it ageing; its holder is gone, so an admin may break it."),
                e -> notices.post(Notice.Level.ERROR, "No stray lock: " + (e instanceof ApiException a
                        && a.detail() != null ? a.detail().message() : e.getMessage())));
    }

    /**
     * Puts the lab back to a known state, once the operator has typed "reset": the service ends every
     * resource through its API (each end an event), runs stopped and killed nodes again and puts the
     * simulated storage's settings back. It runs in the background; its end arrives as a {@code node}
     * event ({@link #onEvents}).
     */
    public void reset() {
        if (!dialogs.confirm(new io.lockstep.views.action.Confirmation("Reset the lab", "Every share, snapshot, "
                + "backup, share network and share server, in every project, is ended through the API (each end is "
                + "an event in the history), stopped and killed nodes run again, and the simulated storage, network "
                + "plugin and replication go back to the lab's settings. The history stays.", "Reset the lab",
                io.lockstep.views.action.Friction.TYPE_NAME, "reset"))) {
            return;
        }
        resetting.set(true);
        executor.submit(() -> client.call(client.lockstep().resetLab()), started -> notices.post(Notice.Level.INFO,
                "Resetting the lab: ending every resource through the API..."), e -> {
                    resetting.set(false);
                    notices.post(Notice.Level.ERROR, "The lab was not reset: " + (e instanceof ApiException a
                            && a.detail() != null ? a.detail().message() : e.getMessage()));
                });
    }

    /** Events from the stream: a reset's end says what it did, and the settings shown are read again. */
    public void onEvents(java.util.List<io.lockstep.api.event.Event> events) {
        for (var e : events) {
            if (e.kind() == io.lockstep.api.event.EventKind.NODE
                    && io.lockstep.api.lab.LabResetReport.EVENT_RESOURCE.equals(e.resourceId())
                    && io.lockstep.api.lab.LabResetReport.EVENT_OPERATION.equals(e.operation())) {
                resetting.set(false);
                notices.post(io.lockstep.api.lab.LabResetReport.EVENT_CLEAN.equals(e.to()) ? Notice.Level.SUCCESS : Notice.Level.WARNING, e.message() + ".");
                refresh();
            }
        }
    }

    public javafx.beans.property.ReadOnlyBooleanProperty resettingProperty() {
        return resetting;
    }

    public boolean canRestart() {
        return control.isPresent();
    }

    public void restartService() {
        control.ifPresent(c -> {
            busy.set(true);
            notices.post(Notice.Level.INFO, "Restarting the API node...");
            executor.submit(() -> {
                c.restartService();
                return null;
            }, ok -> {
                busy.set(false);
                notices.post(Notice.Level.SUCCESS, "The API node restarted; the console resumed from its "
                        + "last event.");
            }, e -> {
                busy.set(false);
                notices.post(Notice.Level.ERROR, "The service could not restart: " + e.getMessage());
            });
        });
    }

    public IntegerProperty minLatencyMsProperty() {
        return minLatencyMs;
    }

    public IntegerProperty maxLatencyMsProperty() {
        return maxLatencyMs;
    }

    public DoubleProperty failureRateProperty() {
        return failureRate;
    }

    public IntegerProperty trialsProperty() {
        return trials;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyBooleanProperty racingProperty() {
        return racing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reportProperty() {
        return report.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty driverSummaryProperty() {
        return driverSummary.getReadOnlyProperty();
    }
}
