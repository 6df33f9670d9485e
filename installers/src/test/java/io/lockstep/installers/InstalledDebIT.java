package io.lockstep.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as a user gets it: installed into this machine with apt (which fetches its dependencies),
 * the installed console started under Xvfb until a window titled Lockstep appears, the bundled
 * {@code lockstep-backend} serving a node, then the package purged and nothing of it left behind.
 * Needs root, dpkg and apt-get, Xvfb and xwininfo; without them it says which is missing and is
 * skipped. It never touches a Lockstep this machine already had installed.
 */
class InstalledDebIT {

    private static final Duration APT = Duration.ofMinutes(10);
    private static final List<String> ICON_SIZES = List.of(System.getProperty("installer.icon.sizes",
            "16 24 32 48 64 128 256 512").split(" "));
    private static final List<Process> XVFB = new ArrayList<>();
    private static boolean installedHere;

    @TempDir
    Path tmp;

    @BeforeAll
    static void installTheDeb() {
        assumeTrue(Packaging.linux(), "the .deb is for Linux; this is " + System.getProperty("os.name"));
        Path deb = Packaging.deb();
        assumeTrue(deb != null, "no .deb was built (mvn -Pinstallers verify on Linux builds one)");
        for (String tool : List.of("dpkg", "apt-get", "Xvfb", "xwininfo")) {
            assumeTrue(Command.available(tool), "installing and starting the package needs " + tool
                    + ", which this machine lacks (.ci/run installs xvfb and x11-utils)");
        }
        Command id = Command.run(Duration.ofSeconds(10), "id", "-u");
        assumeTrue(id.output().strip().equals("0"), "installing a package needs root; this runs as uid "
                + id.output().strip());
        assumeTrue(!Command.run(Duration.ofSeconds(30), "dpkg-query", "-W", "-f=${Status}", "lockstep").output()
                .contains("install ok installed"), "Lockstep is already installed on this machine; not replacing it");
        Command install = Command.run(APT, Map.of("DEBIAN_FRONTEND", "noninteractive"), "apt-get", "install", "-y",
                "-q", deb.toAbsolutePath().toString());
        assertThat(install.exit()).as("apt-get install of the .deb:\n" + install.output()).isZero();
        installedHere = true;
    }

    @AfterAll
    static void purgeIfStillInstalled() {
        if (installedHere) {
            Command.run(APT, Map.of("DEBIAN_FRONTEND", "noninteractive"), "apt-get", "purge", "-y", "-q", "lockstep");
        }
    }

    @Test
    void installsRunsAndUninstallsCleanly() throws Exception {
        // What the package put in place: commands on the PATH, the menu entry, the icons.
        assertThat(Path.of("/usr/bin/lockstep")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(Path.of("/usr/bin/lockstep"))).isEqualTo(Path.of("/opt/lockstep/bin/lockstep"));
        assertThat(Command.run(Duration.ofSeconds(10), "sh", "-c", "command -v lockstep-backend").output().strip())
                .isEqualTo("/usr/bin/lockstep-backend");
        String entry = Files.readString(Path.of("/usr/share/applications/lockstep.desktop"));
        assertThat(entry).contains("Name=Lockstep", "Exec=/opt/lockstep/bin/lockstep", "Icon=lockstep",
                "Categories=System;Monitor;", "Type=Application");
        if (Command.available("desktop-file-validate")) {
            Command valid = Command.run(Duration.ofSeconds(10), "desktop-file-validate",
                    "/usr/share/applications/lockstep.desktop");
            assertThat(valid.exit()).as(valid.output()).isZero();
        }
        for (String size : ICON_SIZES) {
            assertThat(Path.of("/usr/share/icons/hicolor/" + size + "x" + size + "/apps/lockstep.png")).isRegularFile();
        }

        String display = startXvfb();
        consoleOpensAWindowTitledLockstep(display, List.of("--scratch"), true);
        // With no option: the embedded lab keeps its database in the user's data folder.
        consoleOpensAWindowTitledLockstep(display, List.of(), false);
        assertThat(tmp.resolve("home/.local/share/lockstep/lockstep.mv.db")).isRegularFile();
        backendServesANode();

        Command purge = Command.run(APT, Map.of("DEBIAN_FRONTEND", "noninteractive"), "apt-get", "purge", "-y", "-q",
                "lockstep");
        assertThat(purge.exit()).as(purge.output()).isZero();
        installedHere = false;
        assertThat(Command.run(Duration.ofSeconds(30), "dpkg-query", "-W", "-f=${Status}", "lockstep").output())
                .doesNotContain("installed");
        Command left = Command.run(Duration.ofMinutes(2), "find", "/opt", "/usr", "/etc", "/var/lib/dpkg/info",
                "-xdev", "-iname", "*lockstep*");
        assertThat(left.output().lines().filter(l -> !l.isBlank()).toList()).as("left behind").isEmpty();
    }

    private void consoleOpensAWindowTitledLockstep(String display, List<String> options, boolean screenshot)
            throws Exception {
        List<String> command = new ArrayList<>(List.of("lockstep"));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("console.log").toFile());
        pb.environment().put("DISPLAY", display);
        // The user's folders (config, data, JavaFX's native cache) go into this test's home, not root's.
        pb.environment().put("JAVA_TOOL_OPTIONS", userHome());
        pb.environment().remove("XDG_DATA_HOME");
        pb.environment().remove("XDG_CONFIG_HOME");
        Process console = pb.start();
        try {
            String window = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> windowTitled(display, "Lockstep · "), w -> w != null || !console.isAlive());
            assertThat(window).as("a window titled Lockstep (console log:\n"
                    + Files.readString(tmp.resolve("console.log")) + ")").isNotNull();
            System.out.println("installed console's window: " + window);
            if (screenshot && Command.available("import")) {
                // Kept for a look: the first picture after the window maps may still be blank, so retake it until drawn.
                Path shot = Path.of("target", "installed-console.png").toAbsolutePath();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    Command.run(Duration.ofSeconds(30), Map.of("DISPLAY", display), "import", "-window", "root",
                            shot.toString());
                    return colours(shot) > 16;
                });
            }
        } finally {
            stop(console);
        }
    }

    /** How many distinct colours a sample of the picture's pixels has (a blank window has one or two). */
    private static int colours(Path png) throws IOException {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
        if (image == null) {
            return 0;
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }

    /** The launchers' JVMs keep what they write for the user in this test's folder. */
    private String userHome() throws IOException {
        return "-Duser.home=" + Files.createDirectories(tmp.resolve("home"));
    }

    /** The title of the first top-level window whose name starts with {@code prefix}, or null. */
    private static String windowTitled(String display, String prefix) {
        Command tree = Command.run(Duration.ofSeconds(10), "xwininfo", "-display", display, "-root", "-tree");
        Matcher m = Pattern.compile("\"(" + Pattern.quote(prefix) + "[^\"]*)\"").matcher(tree.output());
        return m.find() ? m.group(1) : null;
    }

    private void backendServesANode() throws Exception {
        Command help = Command.run(Duration.ofSeconds(60), "lockstep-backend", "--help");
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("serve", "lab");
        ProcessBuilder pb = new ProcessBuilder("lockstep-backend", "serve", "--db", "mem", "--port", "0", "--data-dir",
                tmp.resolve("node").toString()).redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", userHome());
        Process node = pb.start();
        try {
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    Pattern serving = Pattern.compile("is serving at (http://127\\.0\\.0\\.1:\\d+)/v2/");
                    List<String> lines = new ArrayList<>();
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                        Matcher m = serving.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                    }
                    url.completeExceptionally(new AssertionError("the node ended without serving:\n"
                            + String.join("\n", lines)));
                } catch (IOException e) {
                    url.completeExceptionally(e);
                }
            }, "node-output");
            reader.setDaemon(true);
            reader.start();
            String base = url.get(90, TimeUnit.SECONDS);
            HttpResponse<String> versions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(versions.statusCode()).isEqualTo(300); // Manila's version document
            assertThat(versions.body()).contains("2.80");
        } finally {
            stop(node);
        }
    }

    private String startXvfb() throws IOException {
        for (int n = 90; n < 120; n++) {
            if (Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                continue;
            }
            Process x = new ProcessBuilder("Xvfb", ":" + n, "-screen", "0", "1440x900x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("xvfb.log").toFile()).start();
            XVFB.add(x);
            Path socket = Path.of("/tmp/.X11-unix/X" + n);
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket) || !x.isAlive());
            if (x.isAlive()) {
                return ":" + n;
            }
        }
        throw new AssertionError("no free X display between :90 and :119");
    }

    @AfterAll
    static void stopXvfb() {
        XVFB.forEach(InstalledDebIT::stop);
    }

    /** SIGTERM, then SIGKILL if it has not gone in 20 s. */
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
