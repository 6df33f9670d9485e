package io.lockstep.backend.cli;

import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.lab.LabCluster;
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

    @Override
    public Integer call() throws Exception {
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
}
