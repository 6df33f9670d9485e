package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.job.JobView;
import io.lockstep.api.work.WorkView;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.Console;
import io.lockstep.views.diagram.StateDiagramView;
import io.lockstep.views.live.ConnectionState;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import io.lockstep.views.resources.HistoryRow;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on a real embedded lab (service on loopback, H2 in memory, real HTTP and event stream),
 * driven through its window with TestFX, headless under Monocle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static ConsoleApplication app;
    private static Console console;
    private static LockstepClient client;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void start() throws Exception {
        ConsoleOptions options = new ConsoleOptions();
        options.scratch = true;
        options.configDir = Files.createTempDirectory("lockstep-console-test");
        FxToolkit.registerPrimaryStage();
        app = (ConsoleApplication) FxToolkit.setupApplication(() -> new ConsoleApplication(options));
        console = app.ready().get(60, TimeUnit.SECONDS);
        client = LockstepClient.connect(app.backend().uri(), app.backend().token());
        // Slow enough that 'creating' is seen before 'available'; quick enough for a test.
        client.call(client.lockstep().updateDriver(new DriverSettings(700L, 900L, 0.0, null, 11L)));
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        client.close();
    }

    private static LiveModel model() {
        return console.session().model();
    }

    private static ResourceItem share(String name) {
        return model().shares().stream().filter(i -> name.equals(i.name())).findFirst().orElse(null);
    }

    private StateDiagramView shareDiagram() {
        return console.machinesView().diagrams().stream().filter(d -> d.model().resource().equals("share"))
                .findFirst().orElseThrow();
    }

    /** The Lab page is taller than the window: scrolled to its top, as an operator would, before a click. */
    private void scrollLabToTop(String query) {
        javafx.scene.Node n = robot.lookup(query).query();
        robot.interact(() -> {
            for (javafx.scene.Parent p = n.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane sp) {
                    sp.setVvalue(0);
                }
            }
        });
    }

    private String strayLockNotice() {
        return console.notices().notices().stream().map(n -> n.text()).filter(t -> t.contains("is held by lab-script"))
                .findFirst().orElse(null); // newest first
    }

    private String notice() {
        return robot.lookup("#notice").queryAs(Label.class).getText();
    }

    @Test
    @Order(1)
    void createsAShareThroughTheDialogAndSeesItLiveInTableAndDiagram() {
        robot.clickOn("#nav-state-machines");
        robot.clickOn("#nav-resources");
        robot.clickOn("#create-share");
        // the dialog opens once its choices (types, zones) are read off the FX thread
        await().atMost(PATIENCE).until(() -> robot.lookup("#create-name").tryQuery().isPresent());
        robot.clickOn("#create-name").write("ui-made");
        TextField size = robot.lookup("#create-size").queryAs(TextField.class);
        robot.doubleClickOn(size).write("3");
        assertThat(robot.lookup("#dialog-problem").queryAs(Label.class).getText()).isEmpty();
        robot.clickOn("#dialog-ok");

        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> flashed = new CopyOnWriteArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            flashed.add(String.valueOf(onFx(() -> shareDiagram().litAs("creating->available"))));
            String creating = onFx(() -> shareDiagram().labelShown("creating"));
            String available = onFx(() -> shareDiagram().labelShown("available"));
            seen.add(creating + " | " + available);
            return "available\n1".equals(available) && "creating\n0".equals(creating);
        });
        assertThat(seen).contains("creating\n1 | available\n0");
        await().atMost(PATIENCE).until(() -> flashed.contains("flash")
                || "flash".equals(onFx(() -> shareDiagram().litAs("creating->available"))));
        assertThat(robot.lookup("#share-table").lookup("ui-made").tryQuery()).isPresent();
        assertThat(onFx(() -> share("ui-made").sizeProperty().get())).isEqualTo(3);
        await().atMost(PATIENCE).until(() -> onFx(this::notice).contains("Share 'ui-made' is available"));
    }

    @Test
    @Order(2)
    void deleteOfAShareWithASnapshotIsRefusedWithTheServersReason() {
        String id = client.call(client.manila().createShare(CreateShare.of("has-snap", 1, "NFS"))).share().id();
        await().atMost(PATIENCE).until(() -> "available".equals(onFx(() -> status("has-snap"))));
        client.call(client.manila().createSnapshot(CreateSnapshot.of(id, "keep-me")));
        await().atMost(PATIENCE).until(() -> onFx(() -> model().snapshots().stream()
                .anyMatch(s -> s.parentIdProperty().get().equals(id) && s.status().equals("available"))
                && "available".equals(status("has-snap"))));

        robot.clickOn("#nav-resources");
        robot.clickOn("has-snap");
        robot.clickOn("#share-delete");
        assertThat(robot.lookup("#dialog-consequences").queryAs(Label.class).getText())
                .contains("refuses if the share still has snapshots");
        robot.clickOn("#dialog-ok");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> "refused".equals(onFx(() -> shareDiagram().litAs("available"))));
        await().atMost(PATIENCE).until(() -> onFx(this::notice).startsWith("Refused (409)"));
        assertThat(onFx(this::notice)).contains("has-snap").containsIgnoringCase("snapshot");
        assertThat(onFx(() -> status("has-snap"))).isEqualTo("available");
    }

    @Test
    @Order(3)
    void anActionIsDisabledWhereTheStateMachineDoesNotAllowIt() {
        client.call(client.lockstep().updateDriver(new DriverSettings(8000L, 9000L, null, null, null)));
        try {
            client.call(client.manila().createShare(CreateShare.of("slow-one", 1, "NFS")));
            await().atMost(PATIENCE).until(() -> "creating".equals(onFx(() -> status("slow-one"))));
            robot.clickOn("#nav-resources");
            robot.clickOn("slow-one");
            Node extend = robot.lookup("#share-extend").query();
            assertThat(extend.isDisabled()).isTrue();
            var action = console.resources().actions("share").stream().filter(a -> a.operation().equals("extend"))
                    .findFirst().orElseThrow();
            assertThat(onFx(() -> console.resources().availabilityProperty(action).get().reason()))
                    .isEqualTo("Extend is allowed only from available; this share is creating.");
            assertThat(robot.lookup("#share-force_delete").query().isDisabled()).isFalse(); // admin, any state
        } finally {
            client.call(client.lockstep().updateDriver(new DriverSettings(700L, 900L, null, null, null)));
        }
    }

    @Test
    @Order(4)
    void clickingAStateInTheDiagramListsItsResources() {
        robot.clickOn("#nav-state-machines");
        // The diagrams are laid out off the FX thread; wait until the state has a place on screen.
        await().atMost(PATIENCE).until(() -> onFx(() -> shareDiagram().screenPointOf("available")) != null);
        robot.clickOn(onFx(() -> shareDiagram().screenPointOf("available")));
        await().atMost(PATIENCE).until(() -> onFx(() -> console.main().pageProperty().get())
                == io.lockstep.views.shell.Page.RESOURCES);
        assertThat(onFx(() -> console.resources().statusFilterProperty().get())).isEqualTo("available");
        assertThat(onFx(() -> console.resources().rows("share").stream().allMatch(i -> i.status().equals("available"))))
                .isTrue();
        robot.interact(() -> console.resources().statusFilterProperty().set(null));
    }

    @Test
    @Order(4)
    void theLogIsReplayedOnTheDiagramAndTheLiveViewComesBack() {
        robot.clickOn("#nav-state-machines");
        robot.clickOn("#replay-enter");
        await().atMost(PATIENCE).until(() -> onFx(() -> console.replay().replayingProperty().get()));
        try {
            replayedAndBack();
        } finally {
            robot.interact(() -> console.replay().live()); // the tests after this one read the live view
        }
    }

    private void replayedAndBack() {
        int size = onFx(() -> console.replay().historyProperty().get().size());
        assertThat(size).as("the shares made so far are in the history").isPositive();
        robot.interact(() -> console.replay().seek(0));
        assertThat(onFx(() -> shareDiagram().labelShown("available"))).as("before the first event").isEqualTo("available\n0");
        robot.clickOn("#replay-forward");
        assertThat(onFx(() -> console.replay().positionProperty().get())).isEqualTo(1);
        robot.interact(() -> console.replay().seek(size));
        assertThat(onFx(() -> console.replay().count("share", "available"))).as("at the end of the log").isPositive();
        assertThat(onFx(() -> shareDiagram().labelShown("available")))
                .isEqualTo("available\n" + onFx(() -> console.replay().count("share", "available")));
        long live = onFx(() -> (long) console.session().model().count("share", "available"));
        // the Resources tables replay too: before the first event no share had a status yet
        robot.interact(() -> console.replay().seek(0));
        robot.clickOn("#nav-resources");
        assertThat(robot.lookup("#resources-replay-banner").query().isVisible()).isTrue();
        assertThat(robot.lookup("#share-table").lookup(".label").queryAllAs(javafx.scene.control.Labeled.class)
                .stream().map(javafx.scene.control.Labeled::getText)).contains(
                        io.lockstep.views.resources.ResourcesViewModel.NOT_YET).doesNotContain("available");
        robot.clickOn("#resources-back-to-live");
        assertThat(onFx(() -> console.replay().replayingProperty().get())).isFalse();
        assertThat(robot.lookup("#resources-replay-banner").query().isVisible()).isFalse();
        robot.clickOn("#nav-state-machines");
        assertThat(onFx(() -> shareDiagram().labelShown("available"))).isEqualTo("available\n" + live);
    }

    @Test
    @Order(4)
    void theGuidedPanelDocksWithTheLabsScenarios() {
        robot.clickOn("#guided-scenarios");
        await().atMost(PATIENCE).until(() -> robot.lookup("#scenario-guide").tryQuery().isPresent()
                && !onFx(() -> console.guide().scenarios().isEmpty()));
        assertThat(onFx(() -> console.guide().scenarios().stream().map(s -> s.name()).toList()))
                .contains("welcome", "the-2016-races");
        robot.clickOn("#scenario-close");
        await().atMost(PATIENCE).until(() -> robot.lookup("#scenario-guide").tryQuery().isEmpty());
    }

    @Test
    @Order(5)
    void survivesARestartOfTheServiceWithNothingMissed() {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        List<Boolean> banner = new CopyOnWriteArrayList<>();
        List<Boolean> clusterKnown = new CopyOnWriteArrayList<>();
        robot.interact(() -> {
            model().connectionProperty().addListener((o, a, b) -> states.add(b));
            console.cluster().knownProperty().addListener((o, a, b) -> clusterKnown.add(b));
            robot.lookup("#reconnect-banner").query().visibleProperty().addListener((o, a, b) -> banner.add(b));
        });
        robot.clickOn("#nav-lab");
        scrollLabToTop("#restart-service");
        robot.clickOn("#restart-service");
        await().atMost(PATIENCE).until(() -> onFx(this::notice).contains("restarted"));
        // Changes made right after the restart, possibly before the console is back on the stream.
        for (int i = 0; i < 3; i++) {
            client.call(client.manila().createShare(CreateShare.of("after-restart-" + i, 1, "NFS")));
        }
        await().atMost(PATIENCE).until(() -> Listings.allShares(client).stream()
                .noneMatch(s -> s.status().endsWith("ing")));
        Map<String, String> fresh = Listings.allShares(client).stream()
                .collect(Collectors.toMap(Share::id, Share::status));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(onFx(() -> model().shares().stream()
                .collect(Collectors.toMap(ResourceItem::id, ResourceItem::status)))).isEqualTo(fresh));
        assertThat(states).contains(ConnectionState.RECONNECTING);
        assertThat(states.get(states.size() - 1)).isEqualTo(ConnectionState.LIVE);
        assertThat(banner).contains(true);
        // While the connection was down the cluster was UNKNOWN (no stale leader), then known again.
        assertThat(clusterKnown).contains(false);
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().isKnown()));
        assertThat(onFx(() -> shareDiagram().labelShown("available")))
                .isEqualTo("available\n" + fresh.values().stream().filter("available"::equals).count());
        Set<String> names = onFx(() -> model().shares().stream().map(ResourceItem::name).collect(Collectors.toSet()));
        assertThat(names).contains("after-restart-0", "after-restart-1", "after-restart-2");
    }

    @Test
    @Order(6)
    void locksAndLeadersFollowTheKillOfTheNodeDoingADeleteAndAnotherNodeFinishesIt() {
        robot.clickOn("#nav-leaders");
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().elections().stream()
                .anyMatch(e -> e.name().equals("cleanup") && e.leader() != null)));
        String id = client.call(client.manila().createShare(CreateShare.of("doomed", 1, "NFS"))).share().id();
        await().atMost(PATIENCE).until(() -> "available".equals(status("doomed")));
        client.call(client.lockstep().updateDriver(new DriverSettings(4000L, 4000L, 0.0, null, null)));
        client.call(client.manila().deleteShare(id));
        // The cluster is read once a second: the create's item may still be in the last answer.
        String worker = await().atMost(PATIENCE).until(() -> onFx(() -> {
            WorkView w = console.cluster().workOn("share", id);
            return w == null || !w.operation().equals("delete") ? null : w.node();
        }), java.util.Objects::nonNull);
        assertThat(onFx(() -> console.resources().workedOnBy(share("doomed")))).isEqualTo("delete on " + worker);
        long termBefore = onFx(() -> cleanupElection().term());
        boolean workerLed = worker.equals(onFx(() -> cleanupElection().leader().node()));

        selectRow("#node-table", worker, () -> worker.equals(idOf(console.leaders().selectedNodeProperty().get())));
        clickWhenEnabled("#node-kill");
        typeNameAndConfirm(worker);

        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().nodes().stream()
                .anyMatch(n -> n.id().equals(worker) && n.state().equals("killed"))));
        await().atMost(PATIENCE).untilAsserted(() -> {
            var cleanup = onFx(this::cleanupElection);
            assertThat(cleanup.leader()).isNotNull();
            assertThat(cleanup.leader().node()).isNotEqualTo(worker);
            assertThat(cleanup.participants()).noneMatch(p -> p.node().equals(worker));
            if (workerLed) {
                assertThat(cleanup.term()).isGreaterThan(termBefore);
            }
        });
        assertThat(onFx(() -> console.cluster().locks().stream().noneMatch(l -> l.holder().node().equals(worker))))
                .isTrue();
        // The killed node's lease runs out; another share node claims the delete and finishes it.
        await().atMost(Duration.ofSeconds(60)).until(() -> share("doomed") == null
                || "deleted".equals(status("doomed")));
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().timeline().stream()
                .anyMatch(e -> e.kind() == io.lockstep.api.event.EventKind.NODE && e.resourceId().equals(worker))));
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().services().stream()
                .filter(s -> s.node().equals(worker)).allMatch(s -> s.state().equals("down"))));

        robot.clickOn("#nav-locks");
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().stats().stream()
                .anyMatch(s -> s.family().equals("share") && s.acquisitions() > 0)));
        assertThat(robot.lookup("#lock-stats").tryQuery()).isPresent();
        client.call(client.lockstep().updateDriver(new DriverSettings(700L, 900L, 0.0, null, null)));
        client.call(client.lockstep().labNodeAction(worker, "restart", null));
    }

    @Test
    @Order(7)
    void aStrayLockAgesIsFlaggedAndIsBrokenWithItsNameTyped() {
        robot.clickOn("#nav-lab");
        scrollLabToTop("#hold-stray-lock");
        robot.clickOn("#hold-stray-lock");
        // read from the board's list: a later notice (the restarted node's, say) may already be the latest
        await().atMost(PATIENCE).until(() -> onFx(this::strayLockNotice) != null);
        String name = onFx(this::strayLockNotice).split(" ")[0];
        robot.clickOn("#nav-locks");
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().locks().stream()
                .anyMatch(l -> l.name().equals(name))));
        var held = onFx(() -> console.cluster().locks().stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow());
        assertThat(held.holderAlive()).isFalse();
        robot.interact(() -> console.locks().longHoldSecondsProperty().set(1));
        await().atMost(PATIENCE).until(() -> onFx(() -> console.locks().isLongHeld(held)));
        await().atMost(PATIENCE).until(() -> robot.lookup("#lock-table").lookup(".long-held").tryQuery().isPresent());

        selectRow("#lock-table", name, () -> console.locks().selectedProperty().get() != null
                && name.equals(console.locks().selectedProperty().get().name()));
        // Held for seconds more, with the cluster answering each second: the row chosen stays chosen.
        long heldMs = held.heldMs();
        await().atMost(PATIENCE).until(() -> onFx(() -> console.locks().selectedProperty().get().heldMs() > heldMs));
        assertThat(onFx(() -> robot.lookup("#lock-table").<javafx.scene.control.TableView<?>>query()
                .getSelectionModel().getSelectedItem() == console.locks().selectedProperty().get())).isTrue();
        clickWhenEnabled("#break-lock");
        typeNameAndConfirm(name);
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().locks().stream()
                .noneMatch(l -> l.name().equals(name))));
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().timeline().stream()
                .anyMatch(e -> e.kind() == io.lockstep.api.event.EventKind.LOCK && e.resourceId().equals(name)
                        && e.operation().equals("break"))));
        assertThat(onFx(this::notice)).contains("Lock " + name + " broken");
    }

    @Test
    @Order(8)
    void aMigrationStartedInResourcesIsFollowedOnJobsThroughAHandOffToItsCompletion() {
        String id = client.call(client.manila().createShare(CreateShare.of("migrant", 6, "NFS"))).share().id();
        await().atMost(PATIENCE).until(() -> "available".equals(status("migrant")));
        robot.clickOn("#nav-resources");
        robot.interact(() -> console.resources().selectedProperty().set(share("migrant")));
        robot.clickOn("#share-migrate");
        robot.interact(() -> robot.lookup("#dialog-choice").<javafx.scene.control.ComboBox<String>>query()
                .setValue(io.lockstep.views.action.MigrateAction.choice("pool3", true)));
        robot.clickOn("#dialog-ok");
        robot.clickOn("#dialog-ok");
        await().atMost(PATIENCE).until(() -> "migrating".equals(status("migrant")));
        // Where it was started from, the share's detail pane shows the copy's progress.
        await().atMost(PATIENCE).until(() -> onFx(() -> robot.lookup("#detail-job").query().isVisible()
                && robot.lookup("#detail-job-progress").<javafx.scene.control.ProgressBar>query().getProgress() > 0
                && robot.lookup("#detail-job-text").<javafx.scene.control.Label>query().getText()
                .startsWith("migration · data_copying")));

        robot.clickOn("#nav-jobs");
        JobView job = await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().jobs().stream()
                .filter(j -> j.resourceId().equals(id)).findFirst().orElse(null)), java.util.Objects::nonNull);
        robot.interact(() -> console.jobs().selectedProperty().set(job));
        List<Double> bars = new CopyOnWriteArrayList<>();
        JobView early = await().atMost(PATIENCE).until(() -> {
            bars.add(progressBar());
            return onFx(() -> jobOf(id));
        }, j -> j.node() != null && j.bytesDone() * 10 >= j.bytesTotal() * 3);
        client.call(client.lockstep().labNodeAction(early.node(), "kill", null));

        // The lease runs out, the other data node claims the job and resumes from the checkpoint.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            bars.add(progressBar());
            return onFx(() -> "data_copying_completed".equals(jobOf(id).phase()));
        });
        // The table draws the last answer on its next pulse.
        await().atMost(PATIENCE).until(() -> {
            double bar = progressBar();
            bars.add(bar);
            return bar == 1.0;
        });
        assertThat(bars).isSorted();
        await().atMost(PATIENCE).until(() -> onFx(() -> console.jobs().detailProperty().get() != null
                && console.jobs().detailProperty().get().attempts().size() == 2));
        assertThat(onFx(() -> console.jobs().detailProperty().get().attempts().get(1).owner()))
                .doesNotContain(early.node());

        assertThat(onFx(() -> console.jobs().phases().stream().map(e -> e.to()).toList()))
                .containsSubsequence("data_copying_in_progress", "data_copying_completing", "data_copying_completed");
        robot.clickOn("#job-complete");
        robot.clickOn("#dialog-ok");
        await().atMost(PATIENCE).until(() -> "available".equals(status("migrant")));
        assertThat(client.call(client.manila().share(id)).share().host()).endsWith("#pool3");
        await().atMost(PATIENCE).until(() -> onFx(() -> "succeeded".equals(jobOf(id).status())));
        client.call(client.lockstep().labNodeAction(early.node(), "restart", null));
    }

    @Test
    @Order(9)
    void aBackupStartedInResourcesShowsItsProgressThereAndIsRestoredFromTheBackupsTab() {
        String id = client.call(client.manila().createShare(CreateShare.of("kept-safe", 4, "NFS"))).share().id();
        await().atMost(PATIENCE).until(() -> "available".equals(status("kept-safe")));
        robot.clickOn("#nav-resources");
        robot.interact(() -> {
            console.resources().resourceTypeProperty().set(LiveModel.SHARE);
            console.resources().selectedProperty().set(share("kept-safe"));
        });
        robot.clickOn("#share-backup");
        robot.clickOn("#dialog-ok");
        await().atMost(PATIENCE).until(() -> onFx(() -> robot.lookup("#detail-job").query().isVisible()
                && robot.lookup("#detail-job-text").<javafx.scene.control.Label>query().getText()
                .startsWith("backup · backup_creating")));

        ResourceItem backup = await().atMost(PATIENCE).until(() -> onFx(() -> model().backups().stream()
                .filter(b -> b.parentIdProperty().get().equals(id) && b.status().equals("available")).findFirst()
                .orElse(null)), java.util.Objects::nonNull);
        robot.clickOn("Backups");
        robot.interact(() -> console.resources().selectedProperty().set(backup));
        assertThat(robot.lookup("#backup-restore").query().isDisabled()).isFalse();
        robot.clickOn("#backup-restore");
        robot.clickOn("#dialog-ok");
        await().atMost(PATIENCE).until(() -> onFx(() -> console.cluster().jobs().stream()
                .anyMatch(j -> j.kind().equals("restore") && id.equals(j.target()) && j.status().equals("succeeded"))));
        await().atMost(PATIENCE).until(() -> "available".equals(status("kept-safe"))
                && onFx(() -> backup.status().equals("available")));
        assertThat(onFx(() -> console.resources().history().stream().map(HistoryRow::to).toList()))
                .containsSubsequence("restoring", "available");
    }

    /**
     * Types the name a destructive dialog asks for and confirms once the dialog has taken it: typing
     * through the robot on a loaded 2-core machine could confirm before the last key arrived.
     */
    @Test
    @Order(10)
    void aboutNamesTheConsoleTheServiceAndTheRuntimeVersions() {
        robot.clickOn("#about");
        await().atMost(PATIENCE).until(() -> robot.lookup("#about-dialog").tryQuery().isPresent());
        String console = robot.lookup("#about-console").queryAs(TextField.class).getText();
        String service = robot.lookup("#about-service").queryAs(TextField.class).getText();
        String runtime = robot.lookup("#about-java-runtime").queryAs(TextField.class).getText();
        assertThat(console).isEqualTo(AppVersion.get()).isNotEqualTo("dev");
        assertThat(service).startsWith(io.lockstep.backend.node.ServiceNode.version()).contains("node api-1");
        assertThat(runtime).contains(System.getProperty("java.runtime.version"));
        assertThat(robot.lookup("#about-javafx").queryAs(TextField.class).getText()).startsWith("21.");
        assertThat(robot.lookup("#about-data-folder").queryAs(TextField.class).getText()).contains("--scratch");
        robot.clickOn("Close");
        await().atMost(PATIENCE).until(() -> robot.lookup("#about-dialog").tryQuery().isEmpty());
    }

    @Test
    @Order(11)
    void aSoftDeletedShareIsInTheRecycleBinAndRestoredFromIt() {
        String id = client.call(client.manila().createShare(io.lockstep.api.share.CreateShare.of("binned", 1, "NFS")))
                .share().id();
        await().atMost(PATIENCE).until(() -> "available".equals(status("binned")));
        java.util.Map<String, Object> soft = new java.util.HashMap<>();
        soft.put("soft_delete", null);
        client.call(client.manila().postAt("2.69", "v2/shares/" + id + "/action", soft));
        robot.clickOn("#nav-recycle-bin");
        // read again when the share's move into the bin arrives in the stream
        await().atMost(PATIENCE).until(() -> robot.lookup("#recycle-bin-table").lookup("binned").tryQuery()
                .isPresent());
        assertThat(robot.lookup("#recycle-bin-restore").query().isDisabled()).isTrue();
        selectRow("#recycle-bin-table", "binned", () -> !robot.lookup("#recycle-bin-restore").query().isDisabled());
        robot.clickOn("#recycle-bin-restore");
        await().atMost(PATIENCE).until(() -> robot.lookup("#recycle-bin-table").lookup("binned").tryQuery()
                .isEmpty());
        await().atMost(PATIENCE).until(() -> "available".equals(client.call(client.manila().share(id)).share()
                .status()));
        await().atMost(PATIENCE).until(() -> onFx(this::notice).contains("restored"));
    }

    private void typeNameAndConfirm(String name) {
        await().atMost(PATIENCE).until(() -> robot.lookup("#confirm-name").tryQuery().isPresent());
        robot.clickOn("#confirm-name").write(name);
        await().atMost(PATIENCE).until(() -> onFx(() -> name.equals(
                robot.lookup("#confirm-name").<TextField>query().getText())
                && !robot.lookup("#dialog-ok").query().isDisabled()));
        robot.clickOn("#dialog-ok");
        await().atMost(PATIENCE).until(() -> onFx(() -> robot.lookup("#confirm-name").tryQuery().isEmpty()));
    }

    /**
     * Clicks the table's row showing {@code text} until the view model has it selected: the table redraws
     * its cells each second, so a cell looked up may be gone by the time the robot reaches it.
     */
    private void selectRow(String table, String text, java.util.concurrent.Callable<Boolean> selected) {
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            if (!onFx(selected)) {
                robot.clickOn(robot.lookup(table).lookup(text).<Node>query());
            }
            return onFx(selected);
        });
    }

    /** Clicks a button once it is shown and enabled (its availability follows the view model's next pulse). */
    private void clickWhenEnabled(String id) {
        await().atMost(PATIENCE).until(() -> onFx(() -> robot.lookup(id).tryQuery()
                .map(n -> n.isVisible() && !n.isDisabled()).orElse(false)));
        robot.clickOn(id);
    }

    private static String idOf(io.lockstep.api.lab.LabNode n) {
        return n == null ? null : n.id();
    }

    private static JobView jobOf(String shareId) {
        return console.cluster().jobs().stream().filter(j -> j.resourceId().equals(shareId)).findFirst().orElseThrow();
    }

    /** The selected job's progress bar as drawn (0 while not drawn yet). */
    private double progressBar() {
        return onFx(() -> robot.lookup("#job-table").lookup(".progress-bar").tryQuery()
                .map(n -> ((javafx.scene.control.ProgressBar) n).getProgress()).orElse(0.0));
    }

    private io.lockstep.api.coordination.ElectionView cleanupElection() {
        return console.cluster().elections().stream().filter(e -> e.name().equals("cleanup")).findFirst()
                .orElseThrow();
    }

    private static String status(String name) {
        ResourceItem i = share(name);
        return i == null ? null : i.status();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("reading on the FX thread failed", e);
        }
    }
}
