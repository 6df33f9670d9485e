package io.lockstep.app;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.Console;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.shell.Page;
import io.lockstep.views.shell.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private void seed(LockstepClient c) throws InterruptedException {
        c.call(c.lockstep().updateDriver(new DriverSettings(100L, 600L, 0.0, null, 7L)));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            ids.add(c.call(c.manila().createShare(CreateShare.of(NAMES.get(i), 1 + (i * 7) % 50,
                    i % 4 == 3 ? "CIFS" : "NFS"))).share().id());
        }
        settle(c);
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
        c.call(c.lockstep().updateDriver(new DriverSettings(60_000L, 90_000L, 0.0, null, null)));
        try {
            c.call(c.manila().deleteShare(ids.get(0))); // has a snapshot: refused, shows in Overview
        } catch (ApiException expected) {
            // the refusal is the point
        }
        c.call(c.manila().shareAction(ids.get(4), Actions.extend(80)));
        c.call(c.manila().createShare(CreateShare.of("video-render", 20, "NFS")));
        c.call(c.manila().createSnapshot(CreateSnapshot.of(ids.get(5), "analytics-before-upgrade")));
        Thread.sleep(1500); // let the events reach the console before the pictures
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

    private void shoot() {
        List<Runnable> steps = new ArrayList<>();
        steps.add(() -> console.main().themeProperty().set(Theme.LIGHT));
        steps.add(() -> console.main().pageProperty().set(Page.OVERVIEW));
        steps.add(() -> save("overview"));
        steps.add(() -> {
            console.main().pageProperty().set(Page.RESOURCES);
            console.resources().show(LiveModel.SHARE, null, false);
            console.resources().selectedProperty().set(console.session().model().shares().stream()
                    .filter(i -> i.name().equals("projects")).findFirst().orElse(null));
        });
        steps.add(() -> save("resources"));
        steps.add(() -> console.main().pageProperty().set(Page.STATE_MACHINES));
        steps.add(() -> save("state-machines"));
        steps.add(() -> console.main().pageProperty().set(Page.LAB));
        steps.add(() -> save("lab"));
        steps.add(() -> console.main().pageProperty().set(Page.LOCKS));
        steps.add(() -> save("locks-placeholder"));
        steps.add(() -> {
            console.main().themeProperty().set(Theme.DARK);
            console.main().pageProperty().set(Page.STATE_MACHINES);
        });
        steps.add(() -> save("state-machines-dark"));
        steps.add(() -> console.main().pageProperty().set(Page.RESOURCES));
        steps.add(() -> save("resources-dark"));
        steps.add(Platform::exit);
        next(steps, 0);
    }

    private void next(List<Runnable> steps, int i) {
        if (i >= steps.size()) {
            return;
        }
        steps.get(i).run();
        PauseTransition p = new PauseTransition(Duration.millis(1200)); // a few repaints of the diagram
        p.setOnFinished(e -> next(steps, i + 1));
        p.play();
    }

    private void save(String name) {
        try {
            Files.createDirectories(dir);
            BufferedImage image = SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null);
            ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
            System.out.println("saved " + dir.resolve(name + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
