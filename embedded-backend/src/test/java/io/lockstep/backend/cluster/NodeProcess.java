package io.lockstep.backend.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code lockstep-backend serve} node as a separate JVM process, started from this test's own
 * class path; its output goes to {@code target/cluster-logs/<node>.log}.
 */
final class NodeProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("is serving at (\\S+)/v2/");
    final String id;
    private final Process process;
    private final CompletableFuture<URI> uri = new CompletableFuture<>();

    private NodeProcess(String id, Process process, Path log) {
        this.id = id;
        this.process = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    out.flush();
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        uri.complete(URI.create(m.group(1)));
                    }
                }
            } catch (IOException e) {
                uri.completeExceptionally(e);
            }
            uri.completeExceptionally(new IllegalStateException("node " + id + " exited before serving; see " + log));
        }, "node-output-" + id);
        pump.setDaemon(true);
        pump.start();
    }

    static NodeProcess start(String id, Path logs, List<String> serveArgs) throws IOException {
        Files.createDirectories(logs);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.lockstep.backend.cli.Main", "serve",
                "--node-id", id));
        cmd.addAll(serveArgs);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new NodeProcess(id, p, logs.resolve(id + ".log"));
    }

    URI uri() throws Exception {
        return uri.get(60, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is handed back. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: a clean stop
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
