package io.lockstep.app;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Runs the screenshot tour: the console on a scratch embedded lab, seeded, every view saved as a PNG
 * into the directory given, then exits. A script kept out of the shipped console
 * ({@code scripts/screenshots.sh} runs it from the test classes).
 */
public final class ScreenshotTourApp extends Application {

    private static Path dir;

    /**
     * The entry point. Kept in a class that is no {@link Application}, as the shipped console's is: the
     * java launcher refuses an Application main class whose JavaFX is on the class path.
     */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) {
            if (args.length != 1) {
                System.err.println("usage: ScreenshotTourApp$Main DIR");
                System.exit(2);
            }
            dir = Path.of(args[0]);
            launch(ScreenshotTourApp.class);
            System.exit(0); // the lab's nodes are stopped; nothing else is left to wait for
        }
    }

    private ConsoleApplication app;

    @Override
    public void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
    }

    @Override
    public void start(Stage primary) throws Exception {
        ConsoleOptions options = new ConsoleOptions();
        options.scratch = true;
        options.configDir = Files.createTempDirectory("lockstep-screenshots");
        app = new ConsoleApplication(options);
        app.start(primary);
        app.ready().thenAccept(console -> Platform.runLater(() -> new ScreenshotTour(console, app.stage(), dir)
                .run()));
    }
}
