package io.lockstep.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.api.conflict.RaceRun;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.conflict.DescriptorClient;
import io.lockstep.backend.driver.SimulatedDriver;
import io.lockstep.backend.node.NodeBuilder;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.scenario.NaiveStatusWriter;
import io.lockstep.backend.scenario.NoLockCoordinator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Races every cell of the conflict matrix N times on the real service and on the naive variant (read the
 * status, check it in code, write unconditionally, no family lock), through the served race endpoint,
 * and prints the matrix with trials and violations side by side. Usage:
 * {@code ConflictBench [trials per cell (200)] [cells raced at once per node (24)] [family or -] [cells or -]
 * [safe-only] [--nodes N (2)] [--results DIR]}, where {@code cells} is a comma-separated list of {@code a|b}
 * pairs or lone {@code a} operations: {@code access_rule.allow|share.delete,snapshot.revert}. {@code safe-only}
 * skips the naive variant. With {@code --results}, each operation A's cells are appended to
 * {@code DIR/<variant>-<trials>.jsonl} as soon as they are raced, and a run started again skips the
 * operations already there: a full run takes hours, and may span several sittings.
 */
public final class ConflictBench {

    private static final String TOKEN = "conflict-bench-admin-token-0001";
    private static final DriverSettings DRIVER = new DriverSettings(15L, 30L, 0.0, 10_000_000L, 7L);
    /**
     * 4 KiB stand for a GiB, moved at 16 KiB/s: a copy holds its job's state as long as the lab's
     * 1 MiB at 4 MiB/s would (a quarter of a second for 1 GiB), in 1/256 of the memory the simulated
     * storage keeps for it, so one node can race thousands of trials.
     */
    private static final long BYTES_PER_GIB = 4096;
    private static final long BYTES_PER_SECOND = 16_384;

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>();
        int nodes = 2;
        Path results = null;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--nodes" -> nodes = Integer.parseInt(argv[++i]);
                case "--results" -> results = Path.of(argv[++i]);
                default -> args.add(argv[i]);
            }
        }
        int trials = args.size() > 0 ? Integer.parseInt(args.get(0)) : 200;
        int parallel = args.size() > 1 ? Integer.parseInt(args.get(1)) : 24;
        String family = args.size() > 2 && !args.get(2).equals("-") ? args.get(2) : null;
        List<String[]> cells = args.size() > 3 && !args.get(3).equals("-") ? Arrays.stream(args.get(3).split(","))
                .map(c -> c.contains("|") ? c.split("\\|", 2) : new String[] {c, null}).toList() : null;
        boolean safeOnly = args.size() > 4 && args.get(4).equals("safe-only");
        System.out.printf("Conflict matrix raced for real: %d trials per cell, %d nodes at once, %d cells at once "
                + "on each, real HTTP, H2 in memory, driver %d-%d ms%n%n", trials, nodes, parallel,
                DRIVER.minLatencyMs(), DRIVER.maxLatencyMs());
        Bench bench = new Bench(trials, parallel, nodes, family, cells, results);
        Map<String, ConflictCell> safe = bench.run("safe", ServiceNode::builder);
        Map<String, ConflictCell> naive = safeOnly ? Map.of() : bench.run("naive", () -> ServiceNode.builder()
                .statusWriter(new NaiveStatusWriter(2)).coordinator(new NoLockCoordinator()));
        print(safe, naive);
    }

    /** One bench's settings; {@link #run} races one variant. */
    private record Bench(int trials, int parallel, int nodes, String family, List<String[]> cells, Path results) {

        /**
         * Races the cells one group (an operation A, or a cell asked for) at a time on each of
         * {@link #nodes} fresh nodes side by side, so one node's last slow cells do not leave the cores idle.
         */
        Map<String, ConflictCell> run(String mode, Supplier<NodeBuilder> variant) throws Exception {
            List<ConflictCell> all;
            try (ServiceNode node = start(variant)) {
                all = matrix(client(node));
            }
            // in the matrix's order for printing; the node slots write into it
            Map<String, ConflictCell> ordered = Collections.synchronizedMap(new LinkedHashMap<>());
            all.forEach(c -> ordered.put(c.key(), c));
            ResultsFile file = results == null ? null : new ResultsFile(results.resolve(mode + "-" + trials + ".jsonl"));
            Set<String> done = new HashSet<>();
            if (file != null) {
                for (ConflictCell c : file.cells()) {
                    ordered.computeIfPresent(c.key(), (k, judged) -> judged.withRun(c.trials(), c.violations(),
                            c.example(), c.exampleRoot(), c.notRaced(), c.racedAt()));
                }
                done.addAll(file.groups());
            }
            List<String[]> groups = cells != null ? cells : all.stream()
                    .filter(c -> family == null || c.family().equals(family)).filter(c -> c.notRaced() == null)
                    .map(ConflictCell::a).distinct().map(a -> new String[] {a, null}).toList();
            ConcurrentLinkedQueue<String[]> queue = new ConcurrentLinkedQueue<>(groups.stream()
                    .filter(g -> !done.contains(group(g))).toList());
            if (queue.size() < groups.size()) {
                System.out.printf("%s: %d of %d groups already raced in %s, skipped%n", mode,
                        groups.size() - queue.size(), groups.size(), file.path());
            }
            long t0 = System.nanoTime();
            AtomicLong trialsRun = new AtomicLong();
            AtomicLong violations = new AtomicLong();
            AtomicLong cellsRun = new AtomicLong();
            ExecutorService slots = Executors.newFixedThreadPool(nodes);
            List<Future<?>> slotsDone = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                slotsDone.add(slots.submit(() -> {
                    String[] g;
                    while ((g = queue.poll()) != null) {
                        try (ServiceNode node = start(variant); DescriptorClient d = client(node)) {
                            RaceRun r = race(d, mode, group(g), new RaceRequest(family, g[0], g[1], null, trials,
                                    parallel));
                            trialsRun.addAndGet(r.trials());
                            violations.addAndGet(r.violations());
                            cellsRun.addAndGet(r.cells());
                            List<ConflictCell> raced = matrix(d).stream().filter(c -> c.trials() != null).toList();
                            raced.forEach(c -> ordered.put(c.key(), c));
                            if (file != null) {
                                file.append(group(g), raced);
                            }
                            System.out.printf("  %s: %s done, %d cells, %d trials, %d violations (%d of %d groups "
                                    + "left, %.0f s in)%n", mode, group(g), r.cells(), r.trials(), r.violations(),
                                    queue.size(), groups.size(), (System.nanoTime() - t0) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            slots.shutdown();
            for (Future<?> f : slotsDone) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: %d cells, %d trials, %d violations in %.0f s (%.1f trials/s)%n%n", mode,
                    cellsRun.get(), trialsRun.get(), violations.get(), seconds, trialsRun.get() / seconds);
            return ordered;
        }

        private static String group(String[] g) {
            return g[1] == null ? g[0] : g[0] + "|" + g[1];
        }
    }

    /**
     * A run's raced cells, one JSON line each, and a line per group finished: what a run started again
     * skips. A group cut short by a stop leaves no line, and is raced again whole.
     */
    private record ResultsFile(Path path) {

        private static final ObjectMapper JSON = new ObjectMapper();

        private record Line(@JsonProperty("group") String group, @JsonProperty("cell") ConflictCell cell) {
        }

        List<ConflictCell> cells() throws IOException {
            return lines().stream().map(Line::cell).filter(java.util.Objects::nonNull).toList();
        }

        Set<String> groups() throws IOException {
            return lines().stream().filter(l -> l.cell() == null).map(Line::group).collect(Collectors.toSet());
        }

        private List<Line> lines() throws IOException {
            if (!Files.exists(path)) {
                return List.of();
            }
            List<Line> out = new ArrayList<>();
            for (String l : Files.readAllLines(path)) {
                if (!l.isBlank()) {
                    out.add(JSON.readValue(l, Line.class));
                }
            }
            return out;
        }

        /** The cells first, then the group's line, each written whole, so a kill leaves the group undone. */
        synchronized void append(String group, List<ConflictCell> raced) throws IOException {
            Files.createDirectories(path.toAbsolutePath().getParent());
            StringBuilder b = new StringBuilder();
            for (ConflictCell c : raced) {
                // the checker's reason is the matrix's to give; a line keeps what the run found
                ConflictCell found = new ConflictCell(c.family(), c.a(), c.b(), c.relation(), c.start(), c.verdict(),
                        null, c.trials(), c.violations(), c.example(), c.exampleRoot(), c.notRaced(), c.racedAt());
                b.append(JSON.writeValueAsString(new Line(group, found))).append('\n');
            }
            b.append(JSON.writeValueAsString(new Line(group, null))).append('\n');
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
        }
    }

    private static ServiceNode start(Supplier<NodeBuilder> nodes) {
        SimulatedDriver driver = new SimulatedDriver(DRIVER);
        driver.content().configure(BYTES_PER_GIB, BYTES_PER_SECOND);
        return nodes.get().tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                .driver(driver).workers(32, Duration.ofSeconds(30), 5).jobs(Duration.ofSeconds(10), 5, 16).start();
    }

    private static DescriptorClient client(ServiceNode node) throws Exception {
        return new DescriptorClient(node.uri(), Map.of(Role.ADMIN, TOKEN), "p1");
    }

    private static List<ConflictCell> matrix(DescriptorClient d) throws Exception {
        return d.mapper().treeToValue(d.send("GET", "/lockstep/v1/conflicts", null, Role.ADMIN, null).body(),
                ConflictMatrix.class).cells();
    }

    /** Starts one race run and follows it to its end, printing its progress now and then. */
    private static RaceRun race(DescriptorClient d, String mode, String group, RaceRequest request)
            throws Exception {
        ObjectMapper json = d.mapper();
        DescriptorClient.Answer started = d.send("POST", "/lockstep/v1/conflicts/races", json.valueToTree(request),
                Role.ADMIN, null);
        if (started.code() != 202) {
            throw new IllegalStateException("the race was refused: " + started.body());
        }
        RaceRun run = json.treeToValue(started.body(), RaceRun.class);
        long lastPrint = 0;
        while (run.running()) {
            Thread.sleep(1000); // a harness following a run; the run's own pace is what is measured
            run = json.treeToValue(d.send("GET", "/lockstep/v1/conflicts/races/" + run.id(), null, Role.ADMIN,
                    null).body(), RaceRun.class);
            if (System.nanoTime() - lastPrint > 30_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf("  %s %s: %d of %d cells, %d trials, %d violations so far%n", mode, group,
                        run.cellsDone(), run.cells(), run.trials(), run.violations());
            }
        }
        return run;
    }

    private static void print(Map<String, ConflictCell> safe, Map<String, ConflictCell> naive) {
        System.out.printf("%-26s %-26s %-44s %-11s %15s %15s%n", "operation A", "operation B", "starting from",
                "verdict", "safe trials/viol", "naive trials/viol");
        Map<String, long[]> totals = new TreeMap<>();
        int notRaced = 0;
        for (ConflictCell s : safe.values()) {
            ConflictCell n = naive.get(s.key());
            if (s.notRaced() != null) {
                notRaced++;
                continue;
            }
            if (s.trials() == null) {
                continue; // not among the cells asked for
            }
            System.out.printf("%-26s %-26s %-44s %-11s %15s %15s%n", s.a(), s.b(), cut(s.start(), 44), s.verdict(),
                    s.trials() + "/" + s.violations(), n == null || n.trials() == null ? "-"
                            : n.trials() + "/" + n.violations());
            long[] t = totals.computeIfAbsent(s.verdict(), k -> new long[5]);
            t[0]++;
            t[1] += s.trials();
            t[2] += s.violations();
            t[3] += n == null || n.trials() == null ? 0 : n.trials();
            t[4] += n == null || n.violations() == null ? 0 : n.violations();
        }
        System.out.printf("%nper verdict: cells, safe trials, safe violations, naive trials, naive violations%n");
        totals.forEach((v, t) -> System.out.printf("  %-11s %5d %8d %6d %8d %6d%n", v, t[0], t[1], t[2], t[3], t[4]));
        System.out.printf("%d cells not raced through the API (internal steps; the interleaving explorer covers them)%n",
                notRaced);
        naive.values().stream().filter(c -> c.violations() != null && c.violations() > 0).limit(5)
                .forEach(c -> System.out.printf("naive, e.g. %s | %s from %s: %s%n", c.a(), c.b(), c.start(),
                        c.example() == null ? "" : c.example().lines().findFirst().orElse("")));
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
