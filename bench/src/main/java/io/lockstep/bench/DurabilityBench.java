package io.lockstep.bench;

import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.client.LockstepClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What durable commits cost on the H2 file database: the same load (16 HTTP clients creating shares,
 * waiting for them and deleting them, zero-latency driver) with H2's default write delay (commits
 * reach the file up to 500 ms later: the "before") and with {@code WRITE_DELAY=0} (each commit
 * written before it returns: what Lockstep runs). Prints transitions per second and the create
 * request's p50/p99 for both, from one run. Usage: {@code DurabilityBench [shares] [rounds]}
 * (default 1500 and 2; the modes alternate so that warm-up favours neither).
 */
public final class DurabilityBench {

    /** Where a share's create ends when it works, as the machine declares it. */
    private static final String CREATED = ResourceMachines.SHARE.createOperation().orElseThrow().successState();

    public static void main(String[] args) throws Exception {
        int shares = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        System.out.printf("Durability cost on H2 file: %d shares x create, delete per run; 16 HTTP clients%n%n",
                shares);
        System.out.printf("%-34s %14s %14s %14s%n", "commits", "transitions/s", "create p50 ms", "create p99 ms");
        for (int round = 0; round < rounds; round++) {
            for (int delay : new int[] {500, 0}) {
                double[] r = run(shares, delay);
                System.out.printf("%-34s %14.0f %14.2f %14.2f%n", delay == 0 ? "WRITE_DELAY=0 (durable, now)"
                        : "WRITE_DELAY=500 (H2 default, before)", r[0], r[1], r[2]);
            }
        }
    }

    private static double[] run(int shares, int writeDelay) throws Exception {
        Path dir = Files.createTempDirectory("lockstep-durability");
        try (ServiceNode node = ServiceNode.builder().dataDir(dir).database("file", null, null)
                .workers(8, java.time.Duration.ofSeconds(30), 5).start();
             LockstepClient client = LockstepClient.connect(node.uri(), node.adminToken())) {
            node.driver().update(new DriverSettings(0L, 0L, 0.0, null, null));
            Roomy.liftQuotas(client);
            // the node opens with WRITE_DELAY 0; the "before" puts H2's default back for this run only
            node.database().jdbi().useHandle(h -> h.execute("SET WRITE_DELAY " + writeDelay));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long[] createNanos = new long[shares];
            long start = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < shares; i++) {
                int k = i;
                work.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    String id = client.call(client.manila().createShare(CreateShare.of("d" + k, 1, "NFS"))).share().id();
                    createNanos[k] = System.nanoTime() - t0;
                    while (!client.call(client.manila().share(id)).share().status().equals(CREATED)) {
                        Thread.sleep(2); // a client polling for the outcome, as Manila clients do
                    }
                    client.call(client.manila().deleteShare(id));
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            while (node.workQueue().pendingCount() > 0) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long transitions = node.events().after(0, Integer.MAX_VALUE, EventLog.Filter.ALL).stream()
                    .filter(e -> e.kind() == EventKind.TRANSITION).count();
            pool.shutdown();
            Arrays.sort(createNanos);
            return new double[] {transitions / seconds, createNanos[shares / 2] / 1e6,
                    createNanos[(int) (shares * 0.99)] / 1e6};
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
