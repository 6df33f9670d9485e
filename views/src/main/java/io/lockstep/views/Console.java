package io.lockstep.views;

import io.lockstep.views.action.ActionRunner;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.cluster.ClusterActions;
import io.lockstep.views.cluster.ClusterModel;
import io.lockstep.views.cluster.ClusterPoller;
import io.lockstep.views.cluster.LeadersView;
import io.lockstep.views.cluster.LeadersViewModel;
import io.lockstep.views.cluster.LocksView;
import io.lockstep.views.cluster.LocksViewModel;
import io.lockstep.views.cluster.NodeCards;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.diagram.StateMachinesView;
import io.lockstep.views.diagram.StateMachinesViewModel;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.audit.AuditView;
import io.lockstep.views.audit.AuditViewModel;
import io.lockstep.views.jobs.JobsView;
import io.lockstep.views.jobs.JobsViewModel;
import io.lockstep.views.lab.LabControl;
import io.lockstep.views.lab.LabView;
import io.lockstep.views.replay.ReplayView;
import io.lockstep.views.replay.ReplayViewModel;
import io.lockstep.views.scenario.ScenarioGuideView;
import io.lockstep.views.scenario.ScenarioGuideViewModel;
import io.lockstep.views.lab.LabViewModel;
import io.lockstep.views.conflict.ConflictsView;
import io.lockstep.views.conflict.ConflictsViewModel;
import io.lockstep.views.sharetype.ShareTypesView;
import io.lockstep.views.capacity.CapacityView;
import io.lockstep.views.capacity.CapacityViewModel;
import io.lockstep.views.sharetype.ShareTypesViewModel;
import io.lockstep.views.live.ConsoleSession;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.overview.OverviewView;
import io.lockstep.views.overview.OverviewViewModel;
import io.lockstep.views.resources.ResourcesView;
import io.lockstep.views.resources.ResourcesViewModel;
import io.lockstep.views.shell.MainView;
import io.lockstep.views.shell.MainViewModel;
import io.lockstep.views.shell.Page;
import io.lockstep.views.shell.Shortcuts;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.util.Duration;

/**
 * The console's composition root: wires the view models to one session and builds the window's
 * scene. The app (or a test, or a bench) supplies the session, the executor, the dialogs and, for an
 * embedded lab, its control. FX thread only.
 */
public final class Console {

    /** A snapshot's instance kind, drawn and counted; listed in no table. */
    private static final String SNAPSHOT_INSTANCE = "snapshot_instance";

    private static io.lockstep.api.statemachine.StateMachineDescriptor jobMachine(
            io.lockstep.views.live.Catalog c) {
        return c == null ? null : c.find("job").orElse(null);
    }

    private final ConsoleSession session;
    private final NoticeBoard notices;
    private final MainViewModel main;
    private final ResourcesViewModel resources;
    private final StateMachinesViewModel machines;
    private final OverviewViewModel overview;
    private final LabViewModel lab;
    private final ClusterModel cluster;
    private final ClusterPoller poller;
    private final LocksViewModel locks;
    private final LeadersViewModel leaders;
    private final JobsViewModel jobs;
    private final ConflictsViewModel conflicts;
    private final ShareTypesViewModel shareTypes;
    private final CapacityViewModel capacity;
    private final AuditViewModel audit;
    private final io.lockstep.views.recycle.RecycleBinViewModel recycleBin;
    private final MainView mainView;
    private final ScenarioGuideViewModel guide;
    private final ReplayViewModel replay;
    private final Timeline ticker;
    private ResourcesView resourcesView;
    private StateMachinesView machinesView;
    private Scene scene;

    public Console(ConsoleSession session, TaskExecutor executor, DialogService dialogs, Optional<LabControl> labControl,
                   String mode, BooleanSupplier systemPrefersDark) {
        this.session = session;
        var model = session.model();
        this.notices = new NoticeBoard(model.clock());
        ActionRunner runner = new ActionRunner(session.client(), model, executor, dialogs, notices, session.role());
        this.main = new MainViewModel(model, session.client().baseUri().toString(), session.role(), mode, systemPrefersDark);
        main.servedBy(session.client().baseUri().toString(), session.session().node());
        // When the node in use dies the client moves on; ask the new one its name (off the FX thread).
        session.client().endpoints().onSwitch(uri -> executor.submit(() -> session.client().call(
                session.client().lockstep().session()).node(), name -> main.servedBy(uri.toString(), name),
                unreachable -> main.servedBy(uri.toString(), "")));
        this.resources = new ResourcesViewModel(model, session.client(), executor, runner, notices);
        this.machines = new StateMachinesViewModel(model, executor);
        this.replay = new ReplayViewModel(session.client(), executor, notices,
                session.role() == io.lockstep.api.auth.Role.ADMIN);
        machines.replayFrom(replay);
        resources.showReplay(replay);
        resources.onReplayFrom(eventId -> {
            main.pageProperty().set(Page.STATE_MACHINES);
            replay.load(eventId);
        });
        this.overview = new OverviewViewModel(model);
        this.lab = new LabViewModel(session.client(), executor, notices, labControl, dialogs);
        this.cluster = new ClusterModel(model.clock());
        this.poller = new ClusterPoller(session.client(), model, cluster, executor);
        ClusterActions clusterActions = new ClusterActions(session.client(), session.role(), cluster, model, runner,
                executor, dialogs, notices);
        clusterActions.afterAction(poller::poll);
        resources.setWorkSource(cluster::workText, cluster::activeJob, cluster.revisionProperty());
        cluster.revisionProperty().addListener(o -> machines.workSummaryProperty().set(cluster.workSummary()));
        this.locks = new LocksViewModel(cluster, clusterActions);
        this.leaders = new LeadersViewModel(cluster, clusterActions);
        this.jobs = new JobsViewModel(cluster, clusterActions, executor);
        this.audit = new AuditViewModel(session.client(), session.role(), executor);
        // The Jobs page follows the stream: rows come with their events, the selected job's detail is read
        // again when an event about it arrives, never on a timer.
        model.addEventListener(jobs::onEvents);
        model.catalogProperty().addListener((o, was, c) -> {
            cluster.jobMachine(jobMachine(c));
            jobs.jobMachine(jobMachine(c));
        });
        cluster.jobMachine(jobMachine(model.catalog()));
        jobs.jobMachine(jobMachine(model.catalog()));
        machines.countsFrom("job", cluster::jobCount, cluster.revisionProperty());
        // kinds shown in a share's detail rather than listed (its rules, its instances, its snapshots'
        // instances) are counted from the stream, and their diagrams lead to the listed kind they belong to
        Map<String, String> shownWith = Map.of(io.lockstep.views.resources.ShareAccess.KIND, LiveModel.SHARE,
                io.lockstep.views.resources.ShareInstances.KIND, LiveModel.SHARE,
                io.lockstep.views.resources.ShareReplicas.KIND, LiveModel.SHARE,
                io.lockstep.views.resources.ShareReplicas.STATE_KIND, LiveModel.SHARE,
                SNAPSHOT_INSTANCE, LiveModel.SNAPSHOT);
        shownWith.keySet().forEach(kind -> {
            var counts = new io.lockstep.views.diagram.StreamedCounts(kind, model, session.client(), executor);
            machines.countsFrom(kind, counts::count, counts.revisionProperty());
        });
        // share networks and servers are listed on their own page; their diagrams count from the stream too
        io.lockstep.views.network.ShareNetworksViewModel.KINDS.forEach(kind -> {
            var counts = new io.lockstep.views.diagram.StreamedCounts(kind, model, session.client(), executor);
            machines.countsFrom(kind, counts::count, counts.revisionProperty());
        });
        machines.onNavigate((type, state) -> {
            if (LiveModel.TYPES.contains(type)) {
                openResources(type, state, false, "");
            } else if (io.lockstep.views.network.ShareNetworksViewModel.KINDS.contains(type)) {
                main.pageProperty().set(Page.NETWORKS);
            } else if (shownWith.containsKey(type)) {
                openResources(shownWith.get(type), null, false, "");
            } else {
                // jobs are listed on their own page
                jobs.statusProperty().set(state);
                main.pageProperty().set(Page.JOBS);
            }
        });
        overview.setNavigator(new OverviewViewModel.Navigator() {
            @Override
            public void resources(String type, String state, boolean stuckOnly, String text) {
                openResources(type, state, stuckOnly, text);
            }

            @Override
            public void stateMachines() {
                main.pageProperty().set(Page.STATE_MACHINES);
            }
        });
        this.mainView = new MainView(main, notices);
        mainView.page(Page.OVERVIEW, () -> new OverviewView(overview, new NodeCards(cluster).root()).root());
        mainView.page(Page.RESOURCES, () -> {
            resourcesView = new ResourcesView(resources);
            return resourcesView.root();
        });
        mainView.page(Page.STATE_MACHINES, () -> {
            machinesView = new StateMachinesView(machines, executor);
            machinesView.replay(new ReplayView(replay));
            machinesView.onExportResult((text, ok) -> notices.post(ok ? Notice.Level.SUCCESS : Notice.Level.ERROR, text));
            return machinesView.root();
        });
        mainView.page(Page.LAB, () -> new LabView(lab).root());
        this.conflicts = new ConflictsViewModel(session.client(), executor, session.role() == io.lockstep.api.auth.Role.ADMIN);
        model.addEventListener(conflicts::onEvents);
        conflicts.setNavigator(new ConflictsViewModel.Navigator() {
            @Override
            public void diagrams() {
                main.pageProperty().set(Page.STATE_MACHINES);
            }
        });
        mainView.page(Page.CONFLICTS, () -> new ConflictsView(conflicts).root());
        this.shareTypes = new ShareTypesViewModel(session.client(), executor, notices,
                session.role() == io.lockstep.api.auth.Role.ADMIN);
        mainView.page(Page.SHARE_TYPES, () -> new ShareTypesView(shareTypes).root());
        this.capacity = new CapacityViewModel(session.client(), executor, notices,
                session.role() == io.lockstep.api.auth.Role.ADMIN, session.session().projectId(),
                () -> model.catalog());
        model.addEventListener(capacity::onEvents);
        model.addEventListener(lab::onEvents);
        mainView.page(Page.CAPACITY, () -> new CapacityView(capacity).root());
        mainView.page(Page.LOCKS, () -> new LocksView(locks).root());
        mainView.page(Page.LEADERS, () -> new LeadersView(leaders).root());
        mainView.page(Page.JOBS, () -> new JobsView(jobs).root());
        mainView.page(Page.AUDIT, () -> new AuditView(audit).root());
        this.recycleBin = new io.lockstep.views.recycle.RecycleBinViewModel(session.client(), executor, notices,
                model::catalog, session.role());
        model.addEventListener(recycleBin::onEvents);
        model.catalogProperty().addListener((o, was, is) -> recycleBin.catalogChanged());
        var networks = new io.lockstep.views.network.ShareNetworksViewModel(session.client(), executor,
                session.role() == io.lockstep.api.auth.Role.ADMIN);
        model.addEventListener(networks::onEvents);
        mainView.page(Page.NETWORKS, () -> {
            networks.load();
            return new io.lockstep.views.network.ShareNetworksView(networks, model::catalog).root();
        });
        mainView.page(Page.RECYCLE_BIN, () -> {
            recycleBin.load();
            return new io.lockstep.views.recycle.RecycleBinView(recycleBin).root();
        });
        this.guide = new ScenarioGuideViewModel(session.client(), executor, notices);
        guide.onShow(name -> pageNamed(name).ifPresent(p -> {
            main.pageProperty().set(p);
            mainView.highlight(p);
        }));
        mainView.guide(new ScenarioGuideView(guide).root(), guide.openProperty(), guide::open);
        main.pageProperty().addListener((o, was, is) -> {
            if (is == Page.AUDIT) {
                audit.refresh();
            }
        });
        this.ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            model.tick();
            overview.tick();
            cluster.tick();
            capacity.tick();
            poller.poll();
            if (main.pageProperty().get() == Page.AUDIT) {
                audit.refresh(); // the log is read only while someone is looking at it
            }
        }));
        ticker.setCycleCount(Animation.INDEFINITE);
    }

    /** A scenario step's page, named as the scenario files name them ({@code state-machines}). */
    static java.util.Optional<Page> pageNamed(String name) {
        String wanted = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return java.util.Arrays.stream(Page.values()).filter(p -> p.name().equals(wanted)).findFirst();
    }

    public ReplayViewModel replay() {
        return replay;
    }

    public ScenarioGuideViewModel guide() {
        return guide;
    }

    private void openResources(String type, String state, boolean stuck, String text) {
        resources.show(type, state, stuck);
        resources.filterTextProperty().set(text);
        main.pageProperty().set(Page.RESOURCES);
    }

    /** Builds the scene (once) and starts the once-a-second figures. */
    public Scene scene(double width, double height) {
        if (scene != null) {
            return scene;
        }
        mainView.start();
        scene = new Scene(mainView.root(), width, height);
        URL css = Console.class.getResource("/io/lockstep/assets/console.css");
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        for (Page p : Page.values()) {
            p.shortcutDigit().ifPresent(d -> scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(d),
                    KeyCombination.SHORTCUT_DOWN), () -> main.pageProperty().set(p)));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), () -> {
            main.pageProperty().set(Page.RESOURCES);
            resourcesView.focusFilter();
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                resources::createShare);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F1), this::showShortcuts);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.P, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), () -> main.presenterProperty().set(!main.presenterProperty().get()));
        ticker.play();
        // The diagrams are laid out a few seconds after the window is up, off the FX thread: not in the
        // start's way, and ready before most people open their page.
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(Duration.seconds(3));
        settle.setOnFinished(e -> machines.open());
        settle.play();
        return scene;
    }

    private void showShortcuts() {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.initOwner(scene.getWindow());
        a.setTitle("Keyboard shortcuts");
        a.setHeaderText("Keyboard shortcuts");
        a.setContentText(Shortcuts.all().entrySet().stream().map(e -> e.getKey() + "\t" + e.getValue())
                .collect(Collectors.joining("\n")));
        a.show();
    }

    public MainViewModel main() {
        return main;
    }

    public ResourcesViewModel resources() {
        return resources;
    }

    public StateMachinesViewModel machines() {
        return machines;
    }

    public StateMachinesView machinesView() {
        return machinesView;
    }

    public OverviewViewModel overview() {
        return overview;
    }

    public LabViewModel lab() {
        return lab;
    }

    public ClusterModel cluster() {
        return cluster;
    }

    public LocksViewModel locks() {
        return locks;
    }

    public LeadersViewModel leaders() {
        return leaders;
    }

    public AuditViewModel audit() {
        return audit;
    }

    public JobsViewModel jobs() {
        return jobs;
    }

    public CapacityViewModel capacity() {
        return capacity;
    }

    public ShareTypesViewModel shareTypes() {
        return shareTypes;
    }

    public ConflictsViewModel conflicts() {
        return conflicts;
    }

    public NoticeBoard notices() {
        return notices;
    }

    public ConsoleSession session() {
        return session;
    }

    public void close() {
        ticker.stop();
        session.close();
    }
}
