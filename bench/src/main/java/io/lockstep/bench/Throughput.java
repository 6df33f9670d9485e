package io.lockstep.bench;

import io.lockstep.api.event.EventKind;
import io.lockstep.api.share.CreateShare;
import io.lockstep.backend.event.EventLog;
import io.lockstep.client.Actions;
import io.lockstep.client.LockstepClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Transitions per second through the whole service on H2: shares created, extended and deleted over
 * HTTP by 16 clients with a zero-latency driver; counts transition events committed per second.
 */
final class Throughput {

    private Throughput() {
    }

    /** The throughput measurement alone. */
    public static void main(String[] args) {
        run(Map.of());
    }

    static void run(Map<String, String> options) {
        int shares = 2000;
        try (RaceHarness h = RaceHarness.safe(16)) {
            var node = h.node();
            node.driver().update(new io.lockstep.api.lab.DriverSettings(0L, 0L, null, null, null));
            LockstepClient client = LockstepClient.connect(node.uri(), node.adminToken());
            Roomy.liftQuotas(client);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long start = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < shares; i++) {
                int k = i;
                work.add(pool.submit(() -> {
                    String id = client.call(client.manila().createShare(CreateShare.of("t" + k, 1, "NFS"))).share().id();
                    awaitStatus(client, id, "available");
                    client.call(client.manila().shareAction(id, Actions.extend(2)));
                    awaitStatus(client, id, "available");
                    client.call(client.manila().deleteShare(id));
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            h.awaitQuiet();
            double seconds = (System.nanoTime() - start) / 1e9;
            var all = node.events().after(0, Integer.MAX_VALUE, EventLog.Filter.ALL).stream()
                    .filter(e -> e.kind() == EventKind.TRANSITION).toList();
            // the shares' own transitions, so that runs before and after instances followed them compare
            long transitions = all.stream().filter(e -> e.resourceType().equals("share")).count();
            System.out.printf("%nThroughput on H2: %d share transitions in %.1f s = %.0f transitions/s, %d transition "
                    + "events written in all (%d shares x create, extend, delete; 16 HTTP clients; includes API "
                    + "polling)%n", transitions, seconds, transitions / seconds, all.size(), shares);
            pool.shutdown();
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitStatus(LockstepClient client, String id, String status) throws InterruptedException {
        while (true) {
            var share = client.call(client.manila().share(id)).share();
            if (share.status().equals(status)) {
                return;
            }
            if (share.status().contains("error")) {
                throw new IllegalStateException(id + " went to " + share.status());
            }
            Thread.sleep(2); // a client polling for the outcome, as Manila clients do
        }
    }
}
