package io.lockstep.backend.cli;

import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.lab.LabCluster;
import io.lockstep.backend.scenario.Scenario;
import io.lockstep.backend.lab.ScenarioPlayer;
import io.lockstep.backend.scenario.ScenarioRunner;
import io.lockstep.backend.scenario.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockstep-backend lab}: the lab's in-process cluster without the console (projectors, scripts). */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run the lab: an embedded ZooKeeper and several service nodes sharing one database and one "
                + "simulated storage backend. Node api-1 serves the API on --port; the others can be stopped, killed, "
                + "paused and restarted through /lockstep/v1/lab/nodes.")
final class LabCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8786", description = "Port of node 1's API (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", description = "Folder for the H2 database and the generated admin token "
            + "(default: the user's data folder, sub-folder 'lab').")
    Path dataDir;

    @Option(names = "--scratch", description = "Keep the database in memory (nothing is kept).")
    boolean scratch;

    @Option(names = "--token-file", description = "Tokens file: one 'token role project' per line. Without it an admin "
            + "token is generated into DATA_DIR/admin-token.")
    Path tokenFile;

    @Option(names = "--share-nodes", defaultValue = "2", description = "How many share service nodes (default: ${DEFAULT-VALUE}).")
    int shareNodes;

    @Option(names = "--data-nodes", defaultValue = "2", description = "How many data service nodes (default: ${DEFAULT-VALUE}).")
    int dataNodes;

    @Option(names = "--list-scenarios", description = "List the bundled scenarios and exit.")
    boolean listScenarios;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Run one bundled scenario headless on a fresh "
            + "lab in memory, print each check with its outcome, and exit: 0 when every check held, 1 when one failed.")
    String scenario;

    @Override
    public Integer call() throws Exception {
        if (listScenarios) {
            var all = Scenarios.bundled();
            int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0) + 2;
            all.forEach(s -> System.out.printf("%-" + width + "s%s%n", s.name(), s.title()));
            return 0;
        }
        if (scenario != null) {
            return playScenario();
        }
        if (scratch && dataDir != null) {
            throw new IllegalArgumentException("--scratch keeps nothing on disk; it cannot be combined with --data-dir");
        }
        if (shareNodes < 0 || dataNodes < 0 || shareNodes + dataNodes > 8) {
            throw new IllegalArgumentException("--share-nodes and --data-nodes: 0 or more each, 8 at most together");
        }
        Path dir = dataDir != null ? dataDir : DataDirs.defaultDataDir().resolve("lab");
        io.lockstep.backend.files.OwnerOnly.createDirectories(dir);
        TokenStore tokens = tokenFile != null ? TokenStore.load(tokenFile) : TokenStore.generatedAdmin(dir);
        var config = LabCluster.Config.defaults(port, scratch ? null : dir, tokens);
        LabCluster lab = LabCluster.start(config.withNodes(shareNodes, dataNodes));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            lab.close();
            stopped.countDown();
        }, "lockstep-lab-shutdown"));
        System.out.println("Lockstep lab: api-1, " + shareNodes + " share and " + dataNodes + " data nodes, API at "
                + lab.uri() + "/v2/"
                + (tokenFile == null ? " (admin token in " + dir.resolve(TokenStore.GENERATED_FILE) + ")" : "")
                + "; nodes at " + lab.uri() + "/lockstep/v1/lab/nodes");
        stopped.await();
        return 0;
    }

    private int playScenario() throws Exception {
        Scenario s = Scenarios.named(scenario).orElse(null);
        if (s == null) {
            System.err.println("--scenario: no scenario named '" + scenario + "'; the bundled ones are "
                    + Scenarios.bundled().stream().map(Scenario::name).toList());
            return 2;
        }
        System.out.println(s.title());
        System.out.println();
        ScenarioRunner.Result result = ScenarioPlayer.play(s, new ScenarioRunner.Listener() {
            @Override
            public void step(int index, Scenario.Step step) {
                System.out.printf("%d. %s%n", index + 1, step.say() == null ? "" : step.say().strip());
            }

            @Override
            public void checked(ScenarioRunner.Outcome o) {
                System.out.printf("   [%s] %s%s%n", o.passed() ? "ok" : "FAILED", o.says(),
                        o.detail().equals("holds") ? "" : ": " + o.detail());
            }
        });
        System.out.printf("%n%s: %d of %d checks held%n", s.name(), result.outcomes().size() - result.failed(),
                result.outcomes().size());
        return result.passed() ? 0 : 1;
    }
}
