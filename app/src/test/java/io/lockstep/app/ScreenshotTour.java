package io.lockstep.app;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import io.lockstep.client.race.Race;
import io.lockstep.views.Console;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.shell.Page;
import io.lockstep.views.capacity.CapacityViewModel;
import io.lockstep.views.shell.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * Seeds the lab with a believable mix of shares (some working, some failed, one refused delete),
 * then shows each view and saves it as a PNG: what {@code scripts/screenshots.sh} runs under Xvfb to
 * refresh {@code docs/screenshots/}. Polls the API while seeding; it is a script, not the console.
 */
final class ScreenshotTour {

    private static final List<String> NAMES = List.of("projects", "home", "builds", "media", "backups", "analytics",
            "ml-datasets", "logs", "web-assets", "ci-cache", "archive", "scratch");
    private final Console console;
    private final Stage stage;
    private final Path dir;

    ScreenshotTour(Console console, Stage stage, Path dir) {
        this.console = console;
        this.stage = stage;
        this.dir = dir;
    }

    void run() {
        Thread seeder = new Thread(() -> {
            try {
                seed(console.session().client());
                Platform.runLater(this::shoot);
            } catch (RuntimeException | InterruptedException e) {
                System.err.println("screenshot tour failed: " + e);
                Platform.runLater(Platform::exit);
            }
        }, "lockstep-screenshot-seed");
        seeder.setDaemon(true);
        seeder.start();
    }

    private final List<String> ids = new ArrayList<>();

    private void seed(LockstepClient c) throws InterruptedException {
        c.call(c.lockstep().updateDriver(new DriverSettings(100L, 600L, 0.0, null, 7L)));
        for (int i = 0; i < NAMES.size(); i++) {
            ids.add(c.call(c.manila().createShare(CreateShare.of(NAMES.get(i), 1 + (i * 7) % 50,
                    i % 4 == 3 ? "CIFS" : "NFS"))).share().id());
        }
        settle(c);
        // "projects" (NFS) may be mounted from the build network, read-only from a laptop; a user rule
        // the NFS storage cannot serve ends in error, as in Manila
        for (String[] rule : List.of(new String[] {"ip", "10.20.0.0/16", "rw"}, new String[] {"ip", "192.168.7.14", "ro"},
                new String[] {"user", "alice", "rw"})) {
            c.call(c.manila().shareActionAnswered(ids.get(0), java.util.Map.of("allow_access", java.util.Map.of(
                    "access_type", rule[0], "access_to", rule[1], "access_level", rule[2]))));
        }
        for (int i = 0; i < 4; i++) {
            c.call(c.manila().createSnapshot(CreateSnapshot.of(ids.get(i), NAMES.get(i) + "-nightly")));
        }
        settle(c);
        c.call(c.lockstep().updateDriver(new DriverSettings(null, null, 0.6, null, null)));
        for (int i = 8; i < 11; i++) {
            c.call(c.manila().shareAction(ids.get(i), Actions.extend(60)));
        }
        c.call(c.manila().createShare(CreateShare.of("quarterly-reports", 5, "NFS")));
        settle(c);
        // one share in the recycle bin (2.69)
        java.util.Map<String, Object> soft = new java.util.HashMap<>();
        soft.put("soft_delete", null);
        c.call(c.manila().postAt("2.69", "v2/shares/" + ids.get(7) + "/action", soft));
        // a share network whose first share built a share server
        c.call(c.manila().post("v2/share-networks", java.util.Map.of("share_network", java.util.Map.of("name",
                "tenant-net"))));
        String net = c.call(c.manila().shareNetworks("2.80")).shareNetworks().get(0).id();
        c.call(c.manila().createShare(new CreateShare(new CreateShare.Body("NFS", 4, "tenant-home", null, null, null,
                "dhss", null, null, net, null, null, null, null, null, null))));
        settle(c);
        c.call(c.lockstep().updateDriver(new DriverSettings(100L, 600L, 0.0, null, null)));
        // a replicated share with a secondary on another pool (made with the driver failing nothing)
        String replicated = c.call(c.manila().createShare(new CreateShare(new CreateShare.Body("NFS", 3, "dr-home",
                null, null, null, "replicated", null, null, null, null, null, null, null, null, null)))).share().id();
        settle(c);
        c.call(c.manila().createReplica(java.util.Map.of("share_replica", java.util.Map.of("share_id", replicated))));
        settle(c);
    }

    /** Work that stays in progress while the pictures are taken, and one refused delete. */
    private void slowWork(LockstepClient c, List<String> ids) {
        c.call(c.lockstep().updateDriver(new DriverSettings(60_000L, 90_000L, 0.0, null, null)));
        try {
            c.call(c.manila().deleteShare(ids.get(0))); // has a snapshot: refused, shows in Overview
        } catch (ApiException expected) {
            // the refusal is the point
        }
        c.call(c.manila().shareAction(ids.get(4), Actions.extend(80)));
        c.call(c.manila().createShare(CreateShare.of("video-render", 20, "NFS")));
        c.call(c.manila().createSnapshot(CreateSnapshot.of(ids.get(5), "analytics-before-upgrade")));
    }

    private static void settle(LockstepClient c) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<Share> shares = Listings.allShares(c);
            boolean busy = shares.stream().anyMatch(s -> s.status().endsWith("ing"))
                    || Listings.allSnapshots(c).stream().anyMatch(s -> s.status().endsWith("ing"));
            if (!busy) {
                return;
            }
            Thread.sleep(200);
        }
    }

    /** One step of the tour: do something, then wait until it shows. */
    private record Step(Runnable action, BooleanSupplier done) {
        static Step of(Runnable action) {
            return new Step(action, () -> true);
        }
    }

    private void shoot() {
        LockstepClient c = console.session().client();
        boolean[] slowStarted = {false};
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(() -> console.main().themeProperty().set(Theme.LIGHT)));
        steps.add(new Step(() -> {
            console.main().pageProperty().set(Page.LAB);
            console.lab().trialsProperty().set(10);
            console.lab().runRace(Race.DELETE_WHILE_SNAPSHOTTING);
        }, () -> !console.lab().racingProperty().get()));
        steps.add(new Step(() -> console.lab().runRace(Race.DOUBLE_DELETE), () -> !console.lab().racingProperty().get()));
        steps.add(new Step(() -> console.lab().runRace(Race.DOUBLE_SNAPSHOT), () -> !console.lab().racingProperty().get()));
        steps.add(Step.of(() -> save("lab")));
        // the Replication section, at the bottom of the page
        steps.add(Step.of(() -> stage.getScene().getRoot().lookupAll(".scroll-pane").stream()
                .map(javafx.scene.control.ScrollPane.class::cast)
                .filter(p -> p.lookup("#apply-replication") != null).forEach(p -> p.setVvalue(1))));
        steps.add(Step.of(() -> save("lab-replication")));
        steps.add(new Step(() -> {
            Thread t = new Thread(() -> {
                slowWork(c, ids);
                slowStarted[0] = true;
            }, "lockstep-screenshot-slow");
            t.setDaemon(true);
            t.start();
        }, () -> slowStarted[0]));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.OVERVIEW)));
        steps.add(Step.of(() -> save("overview")));
        steps.add(Step.of(() -> {
            console.main().pageProperty().set(Page.RESOURCES);
            console.resources().show(LiveModel.SHARE, null, false);
            console.resources().selectedProperty().set(console.session().model().shares().stream()
                    .filter(i -> i.name().equals("projects")).findFirst().orElse(null));
        }));
        steps.add(Step.of(() -> save("resources")));
        steps.add(Step.of(() -> {
            ((javafx.scene.control.TabPane) stage.getScene().lookup("#detail-tabs")).getSelectionModel().select(1);
            // room for the rules: the list above is dragged smaller, as an operator would
            stage.getScene().getRoot().lookupAll(".split-pane").stream()
                    .map(javafx.scene.control.SplitPane.class::cast)
                    .filter(p -> p.getOrientation() == javafx.geometry.Orientation.VERTICAL).findFirst()
                    .ifPresent(p -> p.setDividerPositions(0.3));
        }));
        steps.add(new Step(() -> ((javafx.scene.control.TextField) stage.getScene().lookup("#detail-access-to"))
                .setText("10.30.1.0/24"), () -> !((javafx.scene.control.TableView<?>) stage.getScene()
                .lookup("#detail-access-rules")).getItems().isEmpty()));
        steps.add(Step.of(() -> save("resources-access")));
        steps.add(Step.of(() -> ((javafx.scene.control.TabPane) stage.getScene().lookup("#detail-tabs"))
                .getSelectionModel().select(0)));
        // Dialogs run their own nested event loop, so the tour goes on while one is open.
        steps.add(Step.of(() -> Platform.runLater(console.resources()::createShare)));
        steps.add(Step.of(() -> dialog("Create share", "create-share-dialog", d -> {
            ((javafx.scene.control.TextField) d.getScene().lookup("#create-name")).setText("team data");
            ((javafx.scene.control.TextField) d.getScene().lookup("#create-size")).setText("0");
        })));
        steps.add(Step.of(() -> Platform.runLater(() -> console.resources().run(console.resources().actions("share")
                .stream().filter(a -> a.operation().equals("force_delete")).findFirst().orElseThrow()))));
        steps.add(Step.of(() -> dialog("Force delete", "force-delete-dialog", d ->
                ((javafx.scene.control.TextField) d.getScene().lookup("#confirm-name")).setText("proj"))));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.STATE_MACHINES)));
        steps.add(Step.of(() -> save("state-machines")));
        steps.add(Step.of(() -> console.machinesView().diagrams().stream()
                .filter(d -> d.model().resource().equals("share")).findFirst().ifPresent(d -> {
                    console.machinesView().export(d, dir.resolve("share-state-machine.svg"));
                    console.machinesView().export(d, dir.resolve("share-state-machine.png"));
                })));
        steps.add(Step.of(() -> console.machinesView().select("snapshot")));
        steps.add(Step.of(() -> save("state-machines-snapshots")));
        steps.add(Step.of(() -> console.machinesView().select("access_rule")));
        steps.add(Step.of(() -> save("state-machines-access")));
        steps.add(Step.of(() -> console.machinesView().select("share")));
        steps.add(new Step(() -> {
            console.locks().longHoldSecondsProperty().set(5);
            console.main().pageProperty().set(Page.LOCKS);
            Thread t = new Thread(() -> c.call(c.lockstep().strayLock(120)), "lockstep-screenshot-stray");
            t.setDaemon(true);
            t.start();
        }, () -> !console.cluster().stats().isEmpty() && console.cluster().locks().stream()
                .anyMatch(l -> console.locks().isLongHeld(l))));
        steps.add(Step.of(() -> save("locks")));
        steps.add(Step.of(() -> Platform.runLater(() -> console.locks().breakLock(console.cluster().locks().stream()
                .filter(l -> !l.holderAlive()).findFirst().orElseThrow()))));
        steps.add(Step.of(() -> dialog("Break lock", "break-lock-dialog", d ->
                ((javafx.scene.control.TextField) d.getScene().lookup("#confirm-name")).setText("share:stray"))));
        steps.add(new Step(() -> console.main().pageProperty().set(Page.LEADERS),
                () -> !console.cluster().services().isEmpty()));
        // Kill the cleanup leader (or a share node) and let the cluster show the failover.
        String[] victim = new String[1];
        steps.add(new Step(() -> {
            victim[0] = console.cluster().elections().stream().filter(e -> e.leader() != null)
                    .map(e -> e.leader().node()).findFirst().orElse("share-1");
            Thread t = new Thread(() -> c.call(c.lockstep().labNodeAction(victim[0], "kill", null)),
                    "lockstep-screenshot-kill");
            t.setDaemon(true);
            t.start();
        }, () -> console.cluster().elections().stream().anyMatch(e -> e.leader() != null
                && !e.leader().node().equals(victim[0]))
                && console.cluster().services().stream().filter(s -> s.node().equals(victim[0]))
                .allMatch(s -> s.state().equals("down"))));
        steps.add(Step.of(() -> save("leaders")));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.OVERVIEW)));
        steps.add(Step.of(() -> save("overview-after-kill")));
        // Bring the killed node back, so that two data nodes are there for the hand-off below.
        steps.add(new Step(() -> {
            Thread t = new Thread(() -> c.call(c.lockstep().labNodeAction(victim[0], "restart", null)),
                    "lockstep-screenshot-restart");
            t.setDaemon(true);
            t.start();
        }, () -> console.cluster().nodes().stream().allMatch(n -> n.state().equals("running"))));
        // A migration, its data node killed at about 40 %, resumed by the other data node.
        String[] moving = new String[1];
        steps.add(new Step(() -> {
            Thread t = new Thread(() -> {
                c.call(c.lockstep().updateDriver(new DriverSettings(100L, 600L, 0.0, null, null)));
                String id = c.call(c.manila().createShare(CreateShare.of("moving", 12, "NFS"))).share().id();
                while (!c.call(c.manila().share(id)).share().status().equals("available")) {
                    Thread.onSpinWait();
                }
                c.call(c.manila().shareAction(id, io.lockstep.client.Actions.migrationStart("pool2")));
                String kept = c.call(c.manila().createShare(CreateShare.of("kept", 8, "NFS"))).share().id();
                while (!c.call(c.manila().share(kept)).share().status().equals("available")) {
                    Thread.onSpinWait();
                }
                c.call(c.manila().createBackup(io.lockstep.api.backup.CreateShareBackup.of(kept, "kept-nightly")));
                moving[0] = id;
            }, "lockstep-screenshot-migrate");
            t.setDaemon(true);
            t.start();
            console.main().pageProperty().set(Page.JOBS);
        }, () -> moving[0] != null && !console.cluster().jobs().isEmpty()));
        steps.add(Step.of(() -> console.jobs().selectedProperty().set(migration())));
        String[] doomed = new String[1];
        steps.add(new Step(() -> { }, () -> {
            var j = migration();
            if (j.node() != null && j.bytesDone() * 10 >= j.bytesTotal() * 4 && doomed[0] == null) {
                doomed[0] = j.node();
                Thread t = new Thread(() -> c.call(c.lockstep().labNodeAction(doomed[0], "kill", null)),
                        "lockstep-screenshot-kill-data");
                t.setDaemon(true);
                t.start();
            }
            return doomed[0] != null && j.node() != null && !j.node().equals(doomed[0])
                    && j.bytesDone() * 10 >= j.bytesTotal() * 7;
        }));
        steps.add(Step.of(() -> console.jobs().selectedProperty().set(migration())));
        steps.add(Step.of(() -> save("jobs")));
        // The jobs' own machine, counted live from the stream while the migration runs.
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.STATE_MACHINES)));
        steps.add(Step.of(() -> console.machinesView().select("job")));
        steps.add(Step.of(() -> save("state-machines-jobs")));
        steps.add(new Step(() -> console.main().pageProperty().set(Page.CONFLICTS),
                () -> !console.conflicts().operations().isEmpty()));
        steps.add(Step.of(() -> console.conflicts().selectedProperty().set(console.conflicts()
                .pair("share.delete", "snapshot.create"))));
        // Race the selected pair now; its end (a race event) brings its trials, then read an example's events.
        steps.add(new Step(() -> console.conflicts().race(console.conflicts().selectedProperty().get(), 3),
                () -> !console.conflicts().racingProperty().get()
                        && console.conflicts().selectedProperty().get() != null
                        && console.conflicts().selectedProperty().get().trials() > 0));
        steps.add(Step.of(() -> console.conflicts().openExample(console.conflicts().selectedProperty().get())));
        steps.add(Step.of(() -> save("conflicts")));
        steps.add(Step.of(() -> {
            var t = console.shareTypes();
            t.newNameProperty().set("gold");
            t.newDescriptionProperty().set("replicated, fast pools");
            t.create();
            t.newNameProperty().set("lab-private");
            t.newPublicProperty().set(false);
            t.create();
            console.main().pageProperty().set(Page.SHARE_TYPES);
        }));
        steps.add(new Step(() -> { }, () -> console.shareTypes().types().size() >= 3));
        steps.add(Step.of(() -> console.shareTypes().selectedProperty().set(console.shareTypes().types().stream()
                .filter(t -> t.name().equals("lab-private")).findFirst().orElse(null))));
        steps.add(Step.of(() -> {
            console.shareTypes().projectProperty().set("demo-project");
            console.shareTypes().addProject();
        }));
        steps.add(new Step(() -> { }, () -> !console.shareTypes().projects().isEmpty()));
        steps.add(Step.of(() -> save("share-types")));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.CAPACITY)));
        steps.add(new Step(() -> { }, () -> !console.capacity().pools().isEmpty()
                && !console.capacity().quotas().isEmpty()));
        steps.add(Step.of(() -> {
            // one share short of the limit: the bar shows how a nearly full quota looks
            int inUse = console.capacity().quotas().stream()
                    .filter(q -> q.resource() == io.lockstep.api.quota.QuotaResource.SHARES).findFirst()
                    .map(CapacityViewModel.QuotaRow::inUse).orElse(0);
            console.capacity().limitResourceProperty().set(io.lockstep.api.quota.QuotaResource.SHARES);
            console.capacity().limitValueProperty().set(Integer.toString(inUse + 1));
            console.capacity().setLimit();
        }));
        steps.add(new Step(() -> { }, () -> console.capacity().quotas().stream().anyMatch(
                CapacityViewModel.QuotaRow::tight)));
        steps.add(Step.of(() -> save("capacity")));
        steps.add(Step.of(() -> console.machinesView().select("share")));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.JOBS)));
        // Where the migration was started from: the share's own detail pane follows the copy too.
        steps.add(Step.of(() -> {
            console.main().pageProperty().set(Page.RESOURCES);
            console.session().model().shares().stream().filter(i -> "moving".equals(i.name())).findFirst()
                    .ifPresent(console.resources().selectedProperty()::set);
        }));
        steps.add(new Step(() -> { }, () -> migration().phase().startsWith("data_copying")
                || migration().phase().endsWith("completed")));
        steps.add(Step.of(() -> save("resources-migration")));
        // the migrating share's instances: its own, migrating, and the destination being copied to
        steps.add(new Step(() -> ((javafx.scene.control.TabPane) stage.getScene().lookup("#detail-tabs"))
                .getSelectionModel().select(2), () -> ((javafx.scene.control.TableView<?>) stage.getScene()
                .lookup("#detail-instances")).getItems().size() == 2));
        steps.add(Step.of(() -> save("resources-instances")));
        steps.add(Step.of(() -> ((javafx.scene.control.TabPane) stage.getScene().lookup("#detail-tabs"))
                .getSelectionModel().select(0)));
        steps.add(Step.of(() -> {
            console.resources().resourceTypeProperty().set(LiveModel.SNAPSHOT);
            console.session().model().items(LiveModel.SNAPSHOT).stream()
                    .filter(i -> "projects-nightly".equals(i.name())).findFirst()
                    .ifPresent(console.resources().selectedProperty()::set);
        }));
        steps.add(Step.of(() -> Platform.runLater(() -> console.resources().run(console.resources()
                .actions(LiveModel.SNAPSHOT).stream().filter(a -> a.operation().equals("create_from_snapshot"))
                .findFirst().orElseThrow()))));
        steps.add(Step.of(() -> dialog("New share from snapshot", "share-from-snapshot-dialog", d -> { })));
        steps.add(Step.of(() -> save("resources-snapshots")));
        steps.add(new Step(() -> console.main().pageProperty().set(Page.RECYCLE_BIN), () -> {
            var table = (javafx.scene.control.TableView<?>) stage.getScene().lookup("#recycle-bin-table");
            return table != null && !table.getItems().isEmpty();
        }));
        steps.add(Step.of(() -> ((javafx.scene.control.TableView<?>) stage.getScene().lookup("#recycle-bin-table"))
                .getSelectionModel().select(0)));
        steps.add(Step.of(() -> save("recycle-bin")));
        steps.add(new Step(() -> console.main().pageProperty().set(Page.NETWORKS), () -> {
            var table = (javafx.scene.control.TableView<?>) stage.getScene().lookup("#share-servers-table");
            return table != null && !table.getItems().isEmpty();
        }));
        steps.add(Step.of(() -> save("share-networks")));
        steps.add(Step.of(() -> {
            console.main().pageProperty().set(Page.STATE_MACHINES);
            console.machinesView().select("share_server");
        }));
        steps.add(Step.of(() -> save("state-machines-share-server")));
        steps.add(Step.of(() -> console.machinesView().select("share_replica_state")));
        steps.add(Step.of(() -> save("state-machines-replica-state")));
        steps.add(Step.of(() -> {
            console.main().pageProperty().set(Page.RESOURCES);
            console.resources().resourceTypeProperty().set(LiveModel.SHARE);
            console.session().model().shares().stream().filter(i -> "dr-home".equals(i.name())).findFirst()
                    .ifPresent(console.resources().selectedProperty()::set);
        }));
        steps.add(new Step(() -> ((javafx.scene.control.TabPane) stage.getScene().lookup("#detail-tabs"))
                .getSelectionModel().select(3), () -> ((javafx.scene.control.TableView<?>) stage.getScene()
                .lookup("#detail-replicas")).getItems().size() == 2));
        steps.add(Step.of(() -> ((javafx.scene.control.TableView<?>) stage.getScene().lookup("#detail-replicas"))
                .getSelectionModel().select(1)));
        steps.add(Step.of(() -> save("resources-replicas")));
        steps.add(Step.of(() -> ((javafx.scene.control.TabPane) stage.getScene().lookup("#detail-tabs"))
                .getSelectionModel().select(0)));
        steps.add(Step.of(() -> {
            console.main().pageProperty().set(Page.STATE_MACHINES);
            console.machinesView().select("share_instance");
        }));
        steps.add(Step.of(() -> save("state-machines-instances")));
        steps.add(Step.of(() -> console.machinesView().select("share")));
        steps.add(Step.of(() -> {
            console.resources().resourceTypeProperty().set(LiveModel.BACKUP);
            console.session().model().backups().stream().findFirst().ifPresent(console.resources().selectedProperty()::set);
        }));
        steps.add(Step.of(() -> save("resources-backups")));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.AUDIT)));
        steps.add(new Step(() -> { }, () -> !console.audit().rows().isEmpty()));
        steps.add(Step.of(() -> save("audit")));
        steps.add(Step.of(() -> console.main().connectionsProperty().get().run()));
        steps.add(Step.of(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.Stage st && "Connections".equals(st.getTitle()))
                .map(w -> (javafx.stage.Stage) w).findFirst().ifPresent(d -> {
                    var root = d.getScene().getRoot();
                    ((javafx.scene.control.TextField) root.lookup("#profile-name")).setText("prod-cluster");
                    ((javafx.scene.control.TextField) root.lookup("#profile-endpoints"))
                            .setText("https://n1.example.net:8786, https://n2.example.net:8786");
                    ((javafx.scene.control.TextField) root.lookup("#profile-token-file"))
                            .setText("/home/operator/.config/lockstep/prod-token");
                    @SuppressWarnings("unchecked")
                    var trust = (javafx.scene.control.ComboBox<String>) root.lookup("#profile-trust");
                    trust.setValue("pin");
                    ((javafx.scene.control.TextField) root.lookup("#profile-pin")).setText(
                            "06:CC:22:91:8A:30:F2:42:86:D1:D7:A5:DF:D2:8A:EF:3F:F9:5C:4B:67:80:95:AC:72:00:FB:7A:29:69:C0:65");
                    ((javafx.scene.control.CheckBox) root.lookup("#profile-read-only")).setSelected(true);
                    root.applyCss();
                    root.layout();
                    write(d.getScene().snapshot(null), "connections-dialog");
                    d.close();
                })));
        // the guided panel: the 2016 races, the first step run on the lab (the naive node beside it)
        steps.add(new Step(() -> console.guide().open(), () -> !console.guide().scenarios().isEmpty()));
        steps.add(Step.of(() -> save("guided-scenarios")));
        steps.add(new Step(() -> console.guide().start(console.guide().scenarios().stream()
                .filter(x -> x.name().equals("the-2016-races")).findFirst().orElseThrow()),
                () -> console.guide().runProperty().get() != null));
        steps.add(new Step(() -> console.guide().next(), () -> console.guide().runProperty().get().done() >= 1
                && !console.guide().runningProperty().get()));
        steps.add(Step.of(() -> save("guided-scenario-step")));
        steps.add(Step.of(() -> {
            console.guide().leave();
            console.guide().close();
        }));
        // replay: the whole log read back, played at half speed from the races' middle
        steps.add(new Step(() -> {
            console.main().pageProperty().set(Page.STATE_MACHINES);
            console.machinesView().select("share");
            console.replay().load(null);
        }, () -> console.replay().replayingProperty().get()));
        steps.add(Step.of(() -> {
            console.replay().seek(console.replay().historyProperty().get().size() / 2);
            console.replay().speedProperty().set(0.5);
            console.replay().play();
        }));
        steps.add(new Step(() -> { }, () -> console.replay().positionProperty().get()
                > console.replay().historyProperty().get().size() / 2 + 3));
        steps.add(Step.of(() -> {
            console.replay().pause();
            save("replay");
        }));
        // the same point on the Resources tables: statuses as they were then
        steps.add(Step.of(() -> {
            console.main().pageProperty().set(Page.RESOURCES);
            console.resources().resourceTypeProperty().set("share");
        }));
        steps.add(Step.of(() -> save("replay-resources")));
        steps.add(Step.of(() -> console.replay().live()));
        steps.add(Step.of(() -> console.main().presenterProperty().set(true)));
        steps.add(Step.of(() -> save("presenter")));
        steps.add(Step.of(() -> console.main().presenterProperty().set(false)));
        steps.add(Step.of(() -> {
            console.main().themeProperty().set(Theme.DARK);
            console.main().pageProperty().set(Page.STATE_MACHINES);
        }));
        steps.add(Step.of(() -> save("state-machines-dark")));
        steps.add(Step.of(() -> console.main().pageProperty().set(Page.RESOURCES)));
        steps.add(Step.of(() -> save("resources-dark")));
        steps.add(Step.of(Platform::exit));
        next(steps, 0);
    }

    private io.lockstep.api.job.JobView migration() {
        return console.cluster().jobs().stream().filter(j -> j.kind().equals("migration")).findFirst().orElseThrow();
    }

    private void next(List<Step> steps, int i) {
        if (i >= steps.size()) {
            return;
        }
        steps.get(i).action().run();
        awaitThen(steps.get(i).done(), () -> next(steps, i + 1));
    }

    /** Checks every 200 ms on the FX thread; then lets a few repaints of the diagram happen. */
    private static void awaitThen(BooleanSupplier done, Runnable then) {
        PauseTransition p = new PauseTransition(Duration.millis(200));
        p.setOnFinished(e -> {
            if (done.getAsBoolean()) {
                PauseTransition settle = new PauseTransition(Duration.millis(1200));
                settle.setOnFinished(x -> then.run());
                settle.play();
            } else {
                awaitThen(done, then);
            }
        });
        p.play();
    }

    /** Fills the open dialog whose title starts with {@code title}, saves it, and cancels it. */
    private void dialog(String title, String name, java.util.function.Consumer<javafx.stage.Stage> fill) {
        javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.Stage st && st.getTitle() != null && st.getTitle().startsWith(title))
                .map(w -> (javafx.stage.Stage) w).findFirst().ifPresent(d -> {
                    fill.accept(d);
                    d.getScene().getRoot().applyCss();
                    d.getScene().getRoot().layout();
                    write(d.getScene().snapshot(null), name);
                    ((javafx.scene.control.DialogPane) d.getScene().getRoot()).lookupButton(
                            javafx.scene.control.ButtonType.CANCEL).fireEvent(new javafx.event.ActionEvent());
                });
    }

    private void save(String name) {
        write(stage.getScene().snapshot(null), name);
    }

    private void write(javafx.scene.image.WritableImage shot, String name) {
        try {
            Files.createDirectories(dir);
            BufferedImage image = SwingFXUtils.fromFXImage(shot, null);
            ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
            System.out.println("saved " + dir.resolve(name + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
