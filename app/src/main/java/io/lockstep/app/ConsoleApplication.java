package io.lockstep.app;

import io.lockstep.client.ApiException;
import io.lockstep.app.profile.ProfileStore;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.Console;
import io.lockstep.views.concurrent.FxTaskExecutor;
import io.lockstep.views.dialog.FxDialogService;
import io.lockstep.views.live.ConsoleSession;
import io.lockstep.views.shell.AppIcons;
import io.lockstep.views.shell.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.VBox;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * The desktop application: a splash while the backend starts off the FX thread, then the main window
 * with its remembered place, theme and page; a plain dialog (no stack trace) if anything fails.
 */
public final class ConsoleApplication extends Application {

    static volatile ConsoleOptions options = new ConsoleOptions();
    /**
     * The service {@link Main} began opening for {@link #options} before the window toolkit started, so
     * that the two overlap (each is most of a second of class loading on a cold JVM); null when nobody did.
     */
    static volatile CompletableFuture<Backend> opening;

    private final ConsoleOptions opts;
    private final CompletableFuture<Console> ready = new CompletableFuture<>();
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final long startedNanos = System.nanoTime();
    private Settings settings;
    private volatile Backend backend;
    private Console console;
    private Stage stage;
    private volatile String phases = "";

    public ConsoleApplication() {
        this(options);
    }

    ConsoleApplication(ConsoleOptions opts) {
        this.opts = opts;
    }

    @Override
    public void start(Stage primary) {
        this.stage = primary;
        settings = Settings.load(opts.configDir);
        // The theme's stylesheet is read while the service starts, not after: asking the desktop whether it
        // prefers dark may start a process, so that is asked off this thread.
        io.lockstep.views.shell.Theme theme = settings.theme();
        CompletableFuture.supplyAsync(() -> theme == io.lockstep.views.shell.Theme.DARK
                || theme == io.lockstep.views.shell.Theme.SYSTEM && SystemTheme.prefersDark())
                .thenAccept(dark -> Platform.runLater(() -> {
                    if (console == null) { // once the window is up, its own theme setting rules
                        io.lockstep.views.shell.MainView.applyTheme(dark);
                    }
                }));
        Stage splash = splash();
        CompletableFuture<Backend> open = opts == options && opening != null ? opening : beginOpening(opts);
        Thread starter = new Thread(() -> {
            try {
                Backend b = awaitBackend(open);
                backend = b;
                long t1 = System.nanoTime();
                LockstepClient client = LockstepClient.connect(b.endpoints(), b.token(), b.trust());
                ConsoleSession session = ConsoleSession.openBatched(client, Clock.systemDefaultZone())
                        .readOnly(b.readOnly());
                phases = String.format("backend ready at +%d ms, session %d ms", (t1 - startedNanos) / 1_000_000,
                        (System.nanoTime() - t1) / 1_000_000);
                Platform.runLater(() -> {
                    try {
                        show(session, splash);
                    } catch (RuntimeException e) {
                        fail(e, splash);
                    }
                });
            } catch (Throwable e) {
                Platform.runLater(() -> fail(e, splash));
            }
        }, "lockstep-console-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** Opens the service the options ask for on a thread of its own (an embedded lab takes seconds). */
    static CompletableFuture<Backend> beginOpening(ConsoleOptions opts) {
        CompletableFuture<Backend> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(Backends.open(opts));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "lockstep-console-open");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static Backend awaitBackend(CompletableFuture<Backend> open) throws Throwable {
        try {
            return open.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause();
        }
    }

    private Stage splash() {
        Stage s = new Stage(StageStyle.UNDECORATED);
        Label title = new Label("Lockstep");
        title.setStyle("-fx-font-size: 28px; -fx-font-weight: bold;");
        Image icon = AppIcons.atLeast(40);
        if (icon != null) {
            javafx.scene.image.ImageView logo = new javafx.scene.image.ImageView(icon);
            logo.setFitWidth(40);
            logo.setFitHeight(40);
            title.setGraphic(logo);
        }
        Label what = new Label(opts.remote() ? "Connecting to " + opts.connect + " ..."
                : "Starting the embedded lab (service, database, event stream) ...");
        // No spinner: drawn in software at 60 frames a second, it cost a cold start about half a second of
        // the two cores (its rasterizer compiled by C2 while the lab starts).
        VBox box = new VBox(16, title, what);
        box.setAlignment(Pos.CENTER);
        box.setPadding(new Insets(32));
        box.setId("splash");
        s.setScene(new Scene(box, 460, 240));
        s.setTitle("Lockstep: starting");
        s.getIcons().setAll(AppIcons.all());
        s.show();
        return s;
    }

    private void show(ConsoleSession session, Stage splash) {
        long shown = System.nanoTime();
        console = new Console(session, executor, new FxDialogService(stage), backend.labControl(), backend.mode(),
                SystemTheme::prefersDark);
        console.main().themeProperty().set(settings.theme());
        console.main().presenterProperty().set(settings.has("presenter") && settings.number("presenter", 0) == 1);
        offerWelcome(session);
        console.main().connectionsProperty().set(this::openConnections);
        console.main().pageProperty().set(settings.page());
        // Never larger than the screen (a laptop after a desktop monitor, or a small headless screen).
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = console.scene(Math.min(settings.number("window.width", 1360), screen.getWidth()),
                Math.min(settings.number("window.height", 840), screen.getHeight()));
        // The node in use may change (the one before died): the title says which one serves now.
        console.main().nodeProperty().addListener((o, was, node) -> title(node));
        title(console.main().nodeProperty().get());
        stage.setScene(scene);
        stage.getIcons().setAll(AppIcons.all());
        console.main().aboutProperty().set(() -> showAbout(session));
        restorePlace();
        stage.setOnCloseRequest(e -> remember());
        stage.show();
        splash.close();
        backend.windowShown();
        long sinceLaunch = java.time.Duration.between(java.time.Instant.ofEpochMilli(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()), java.time.Instant.now()).toMillis();
        System.out.printf("Lockstep console ready in %d ms from launch, %d ms after the window toolkit started (%s, "
                + "window %d ms; %s at %s)%n", sinceLaunch, (System.nanoTime() - startedNanos) / 1_000_000, phases,
                (System.nanoTime() - shown) / 1_000_000, backend.mode(), session.client().baseUri());
        ready.complete(console);
    }

    /** The window, once started (the screenshot tour, a test-side script, drives it). */
    Stage stage() {
        return stage;
    }

    /** Asks the service for its version and node now (the node may have changed since the start), then shows them. */
    private void showAbout(ConsoleSession session) {
        executor.submit(() -> session.client().call(session.client().lockstep().session()),
                fresh -> new io.lockstep.views.about.AboutDialog(stage, aboutInfo(fresh)).show(),
                unreachable -> new io.lockstep.views.about.AboutDialog(stage, aboutInfo(null)).show());
    }

    io.lockstep.views.about.AboutInfo aboutInfo(io.lockstep.api.auth.Session session) {
        List<io.lockstep.views.about.AboutInfo.Fact> places = new java.util.ArrayList<>();
        places.add(new io.lockstep.views.about.AboutInfo.Fact("Connected to", backend.mode() + " at "
                + console.session().client().baseUri()));
        if (!opts.remote()) {
            places.add(new io.lockstep.views.about.AboutInfo.Fact("Data folder", opts.scratch
                    ? "none (--scratch keeps the lab in memory)"
                    : opts.labDataDir().toAbsolutePath().toString()));
        }
        places.add(new io.lockstep.views.about.AboutInfo.Fact("Config folder",
                Settings.configDir(opts.configDir).toAbsolutePath().toString()));
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null) {
            places.add(new io.lockstep.views.about.AboutInfo.Fact("Installed launcher", launcher));
        }
        return io.lockstep.views.about.AboutInfo.of(AppVersion.get(), session, places);
    }

    private void openConnections() {
        try {
            ProfileStore store = ProfileStore.load(Settings.configDir(opts.configDir));
            new io.lockstep.app.profile.ConnectionsDialog(stage, new io.lockstep.app.profile.ConnectionsViewModel(
                    store, executor), this::openWindowOn).show();
        } catch (IOException e) {
            console.notices().post(io.lockstep.views.action.Notice.Level.ERROR,
                    "The saved profiles cannot be read: " + e.getMessage());
        }
    }

    /** Starts another console on a saved profile, in its own window and process. */
    private void openWindowOn(String profile) {
        try {
            List<String> cmd = new java.util.ArrayList<>(relaunchCommand());
            cmd.addAll(List.of("--profile", profile));
            if (opts.configDir != null) {
                cmd.addAll(List.of("--config-dir", opts.configDir.toString()));
            }
            new ProcessBuilder(cmd).inheritIO().start();
            console.notices().post(io.lockstep.views.action.Notice.Level.INFO, "Opening profile " + profile
                    + " in a new window.");
        } catch (IOException | java.net.URISyntaxException e) {
            console.notices().post(io.lockstep.views.action.Notice.Level.ERROR, "Could not open profile " + profile
                    + ": " + e.getMessage());
        }
    }

    /**
     * How to start this console again: the installed launcher when there is one (its trimmed runtime
     * has no {@code java} command), else this JVM's {@code java} on this jar or class path.
     */
    static List<String> relaunchCommand() throws java.net.URISyntaxException {
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && Files.isExecutable(java.nio.file.Path.of(launcher))) {
            return List.of(launcher);
        }
        java.nio.file.Path jar = java.nio.file.Path.of(ConsoleApplication.class.getProtectionDomain()
                .getCodeSource().getLocation().toURI());
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return jar.toString().endsWith(".jar") ? List.of(javaBin, "-jar", jar.toString())
                : List.of(javaBin, "-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    private void title(String node) {
        stage.setTitle("Lockstep · " + backend.mode() + " · " + (node == null || node.isBlank() ? "" : "node " + node
                + " at ") + console.main().endpointProperty().get());
    }

    private void restorePlace() {
        if (settings.has("window.x")) {
            double x = settings.number("window.x", 0);
            double y = settings.number("window.y", 0);
            // Only where it would still be visible (a monitor may have gone since).
            if (!Screen.getScreensForRectangle(new Rectangle2D(x, y, 100, 100)).isEmpty()) {
                stage.setX(x);
                stage.setY(y);
            }
        }
        stage.setMaximized(settings.number("window.maximized", 0) > 0);
    }

    private void remember() {
        if (console == null) {
            return;
        }
        settings.put("window.maximized", stage.isMaximized() ? 1 : 0);
        if (!stage.isMaximized()) {
            settings.put("window.x", stage.getX());
            settings.put("window.y", stage.getY());
            settings.put("window.width", stage.getScene().getWidth());
            settings.put("window.height", stage.getScene().getHeight());
        }
        settings.put("theme", console.main().themeProperty().get().name());
        settings.put("presenter", console.main().presenterProperty().get() ? 1 : 0);
        Page page = console.main().pageProperty().get();
        settings.put("page", page.name());
        settings.save();
    }

    /**
     * The first time the console starts on a lab of its own that has nothing in it, it offers the
     * welcome tour (demo data made as it goes) instead of an empty lab. Asked once; the tour stays in
     * Guided scenarios.
     */
    private void offerWelcome(ConsoleSession session) {
        if (opts.remote() || opts.scratch || settings.has("welcome.offered") || !session.model().shares().isEmpty()) {
            return;
        }
        settings.put("welcome.offered", 1);
        Platform.runLater(() -> {
            ButtonType tour = new ButtonType("Take the tour", ButtonBar.ButtonData.OK_DONE);
            ButtonType empty = new ButtonType("Start with an empty lab", ButtonBar.ButtonData.CANCEL_CLOSE);
            Alert a = new Alert(Alert.AlertType.INFORMATION, "This lab is empty. A short guided tour shows each page "
                    + "of the console on demo data it makes as it goes (a few shares named demo-…). It stays in "
                    + "Guided scenarios, in the sidebar, for later.", tour, empty);
            a.initOwner(stage);
            a.setTitle("Welcome to Lockstep");
            a.setHeaderText("Welcome to Lockstep");
            a.showAndWait().filter(tour::equals).ifPresent(b -> console.guide().openAndStart("welcome"));
        });
    }

    private void fail(Throwable e, Stage splash) {
        splash.close();
        ready.completeExceptionally(e);
        String message = e instanceof ApiException api && api.status() == 401
                ? "The service refused the token in " + opts.tokenFile + " (401). Check the file."
                : StartupFailure.explain(e);
        System.err.println("Lockstep console could not start: " + message);
        Alert a = new Alert(Alert.AlertType.ERROR, message);
        a.setTitle("Lockstep could not start");
        a.setHeaderText("Lockstep could not start");
        a.getDialogPane().setId("startup-error");
        a.showAndWait();
        Platform.exit();
    }

    @Override
    public void stop() {
        remember();
        if (console != null) {
            console.close();
        }
        Backend b = backend;
        if (b != null) {
            b.close();
        }
        executor.close();
    }

    /** Completes when the main window is up (tests and the screenshot tour wait on it). */
    CompletableFuture<Console> ready() {
        return ready;
    }

    Backend backend() {
        return backend;
    }
}
