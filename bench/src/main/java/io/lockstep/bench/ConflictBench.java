package io.lockstep.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.ConflictMatrix;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.api.conflict.RaceRun;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.conflict.DescriptorClient;
import io.lockstep.backend.node.NodeBuilder;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.scenario.NaiveStatusWriter;
import io.lockstep.backend.scenario.NoLockCoordinator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Races every cell of the conflict matrix N times on the real service and on the naive variant (read the
 * status, check it in code, write unconditionally, no family lock), through the served race endpoint,
 * and prints the matrix with trials and violations side by side. Usage:
 * {@code ConflictBench [trials per cell (200)] [cells raced at once (32)] [family or -] [cells]}, where
 * {@code cells} is a comma-separated list of {@code a|b} pairs or lone {@code a} operations (every cell,
 * when absent or {@code -}): {@code access_rule.allow|share.delete,snapshot.revert}. A fifth argument {@code safe-only}
 * skips the naive variant (half the time, for long runs of many cells).
 */
public final class ConflictBench {

    private static final String TOKEN = "conflict-bench-admin-token-0001";
    private static final DriverSettings DRIVER = new DriverSettings(15L, 30L, 0.0, 10_000_000L, 7L);

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int parallel = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        String family = args.length > 2 && !args[2].equals("-") ? args[2] : null;
        List<String[]> cells = args.length > 3 && !args[3].equals("-") ? java.util.Arrays.stream(args[3].split(","))
                .map(c -> c.contains("|") ? c.split("\\|", 2) : new String[] {c, null}).toList()
                : java.util.Collections.singletonList(new String[] {null, null});
        System.out.printf("Conflict matrix raced for real: %d trials per cell, %d cells at once, real HTTP, H2 in "
                + "memory, driver %d-%d ms%n%n", trials, parallel, DRIVER.minLatencyMs(), DRIVER.maxLatencyMs());
        Map<String, ConflictCell> safe = run(ServiceNode::builder, "safe", trials, parallel, family, cells);
        boolean safeOnly = args.length > 4 && args[4].equals("safe-only");
        Map<String, ConflictCell> naive = safeOnly ? Map.of() : run(() -> ServiceNode.builder()
                .statusWriter(new NaiveStatusWriter(2)).coordinator(new NoLockCoordinator()), "naive", trials, parallel,
                family, cells);
        print(safe, naive);
    }

    /**
     * Races the cells one operation A at a time, each on a fresh node: a trial's family is left as the
     * race ended it, and the simulated storage keeps every copy in memory, so one node for a whole run of
     * 200 trials a cell would fill the heap.
     */
    private static Map<String, ConflictCell> run(Supplier<NodeBuilder> nodes, String mode, int trials, int parallel,
                                                 String family, List<String[]> cells) throws Exception {
        Map<String, ConflictCell> out = new LinkedHashMap<>();
        List<String[]> groups = cells;
        try (ServiceNode node = start(nodes)) {
            matrix(client(node)).forEach(c -> out.put(c.key(), c));
        }
        if (cells.size() == 1 && cells.get(0)[0] == null) {
            groups = out.values().stream().filter(c -> family == null || c.family().equals(family))
                    .filter(c -> c.notRaced() == null).map(ConflictCell::a).distinct()
                    .map(a -> new String[] {a, null}).toList();
        }
        long t0 = System.nanoTime();
        long trialsRun = 0;
        long violations = 0;
        int cellsRun = 0;
        for (String[] cell : groups) {
            try (ServiceNode node = start(nodes)) {
                DescriptorClient d = client(node);
                RaceRun run = race(d, mode, new RaceRequest(family, cell[0], cell[1], null, trials, parallel));
                trialsRun += run.trials();
                violations += run.violations();
                cellsRun += run.cells();
                matrix(d).stream().filter(c -> c.trials() != null).forEach(c -> out.put(c.key(), c));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d cells, %d trials, %d violations in %.0f s (%.1f trials/s, %d nodes)%n%n", mode,
                cellsRun, trialsRun, violations, seconds, trialsRun / seconds, groups.size());
        return out;
    }

    private static ServiceNode start(Supplier<NodeBuilder> nodes) {
        return nodes.get().tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "p1"))))
                .driver(DRIVER).workers(32, Duration.ofSeconds(30), 5).jobs(Duration.ofSeconds(10), 5, 16).start();
    }

    private static DescriptorClient client(ServiceNode node) throws Exception {
        return new DescriptorClient(node.uri(), Map.of(Role.ADMIN, TOKEN), "p1");
    }

    private static List<ConflictCell> matrix(DescriptorClient d) throws Exception {
        return d.mapper().treeToValue(d.send("GET", "/lockstep/v1/conflicts", null, Role.ADMIN, null).body(),
                ConflictMatrix.class).cells();
    }

    /** Starts one race run and follows it to its end, printing its progress now and then. */
    private static RaceRun race(DescriptorClient d, String mode, RaceRequest request)
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
                System.out.printf("  %s: %d of %d cells, %d trials, %d violations so far%n", mode, run.cellsDone(),
                        run.cells(), run.trials(), run.violations());
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
