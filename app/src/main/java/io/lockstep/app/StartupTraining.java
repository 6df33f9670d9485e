package io.lockstep.app;

import io.lockstep.views.Console;
import io.lockstep.views.shell.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * What the build runs once, under {@code -XX:ArchiveClassesAtExit}, to make the console's class-data
 * archive (decision 0023): a real start of the console on an embedded lab on disk, in JavaFX's headless
 * Monocle platform (the build has no display), then a visit to every page. A start from the archive
 * maps those classes instead of loading and verifying them one by one from the jar, which is most of a
 * cold start on two cores.
 */
public final class StartupTraining extends Application {

    private static Path dir;
    private ConsoleApplication app;

    /** The entry point, kept out of the {@link Application} as {@link Main} is. */
    public static final class Run {
        private Run() {
        }

        public static void main(String[] args) throws IOException {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("headless.geometry", "1600x1000-32");
            System.setProperty("prism.order", "sw");
            dir = Files.createTempDirectory("lockstep-startup-training");
            try {
                launch(StartupTraining.class);
            } catch (RuntimeException e) {
                // The archive only makes starts faster: a training that stops early still archives what it loaded.
                System.err.println("startup training stopped early: " + e);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            System.exit(0); // the archive is written as the JVM exits
        }
    }

    @Override
    public void start(Stage primary) {
        ConsoleOptions options = new ConsoleOptions();
        options.dataDir = dir.resolve("data");
        options.configDir = dir.resolve("config");
        Settings settings = Settings.load(options.configDir);
        settings.put("welcome.offered", 1); // no modal offer in the way
        settings.save();
        app = new ConsoleApplication(options);
        app.start(primary);
        app.ready().thenAcceptAsync(this::visitEveryPage).whenComplete((ok, failed) -> {
            if (failed != null) {
                System.err.println("startup training stopped early: " + failed);
            }
            Platform.runLater(Platform::exit);
        });
    }

    /** Each page is built and shown for a few pulses, so its controls' classes and styles load too. */
    private void visitEveryPage(Console console) {
        for (Page page : Page.values()) {
            CountDownLatch shown = new CountDownLatch(1);
            Platform.runLater(() -> {
                console.main().pageProperty().set(page);
                shown.countDown();
            });
            try {
                if (!shown.await(10, TimeUnit.SECONDS)) {
                    return;
                }
                Thread.sleep(250); // a few pulses: styles, layout and the first drawing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void stop() {
        if (app != null) {
            app.stop();
        }
    }
}
