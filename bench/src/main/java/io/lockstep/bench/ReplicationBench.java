package io.lockstep.bench;

import io.lockstep.api.lab.ReplicationSettings;
import io.lockstep.api.replica.ShareReplica;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Replication on H2 through the whole service: {@code shares} shares of the {@code replicated} type get a
 * secondary each; then the active pool of each goes down and the time until the replication leader's
 * poll marks the secondary {@code out_of_sync} is measured (it depends on {@code pollMs}); then each
 * secondary is promoted and the time to {@code active} measured. Prints p50, p95 and max of each. Usage:
 * {@code ReplicationBench [shares] [pollMs]}.
 */
final class ReplicationBench {

    private ReplicationBench() {
    }

    public static void main(String[] args) throws Exception {
        int shares = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long pollMs = args.length > 1 ? Long.parseLong(args[1]) : 2000;
        try (RaceHarness h = RaceHarness.safe(16)) {
            var node = h.node();
            node.driver().update(new io.lockstep.api.lab.DriverSettings(0L, 0L, null, null, null));
            node.driver().replication().update(new ReplicationSettings(50L, List.of(), false, pollMs));
            LockstepClient client = LockstepClient.connect(node.uri(), node.adminToken());
            Roomy.liftQuotas(client);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < shares; i++) {
                ids.add(client.call(client.manila().createShare(new CreateShare(new CreateShare.Body("NFS", 1,
                        "bench-" + i, null, null, null, "replicated", null, null, null, null, null, null, null, null,
                        null)))).share().id());
            }
            for (String id : ids) {
                Throughput.awaitStatus(client, id, "available");
            }
            long made = System.nanoTime();
            List<String> secondaries = new ArrayList<>();
            for (String id : ids) {
                @SuppressWarnings("unchecked")
                Map<String, Object> r = (Map<String, Object>) client.call(client.manila().createReplica(Map.of(
                        "share_replica", Map.of("share_id", id)))).get("share_replica");
                secondaries.add((String) r.get("id"));
            }
            long[] inSync = until(client, ids, secondaries, r -> "in_sync".equals(r.replicaState()), made);
            String activePool = pool(replicas(client, ids.get(0)).stream().filter(r -> "active".equals(
                    r.replicaState())).findFirst().orElseThrow().host());
            // every share whose active replica is on that pool
            List<String> affected = new ArrayList<>();
            List<String> behind = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                boolean there = replicas(client, ids.get(i)).stream().anyMatch(r -> "active".equals(r.replicaState())
                        && pool(r.host()).equals(activePool));
                if (there) {
                    affected.add(ids.get(i));
                    behind.add(secondaries.get(i));
                }
            }
            long down = System.nanoTime();
            client.call(client.lockstep().updateReplication(new ReplicationSettings(null, List.of(activePool), null,
                    null)));
            long[] outOfSync = until(client, affected, behind, r -> "out_of_sync".equals(r.replicaState()), down);
            long promoting = System.nanoTime();
            for (String r : behind) {
                client.call(client.manila().replicaAction(r, Map.of("promote", Map.of())));
            }
            long[] promoted = until(client, affected, behind, r -> "active".equals(r.replicaState()), promoting);
            System.out.printf("%nReplication on H2: %d shares, poll every %d ms, pool %s taken down under %d of them%n"
                            + "  secondary in_sync after create:      p50 %d ms, p95 %d ms, max %d ms%n"
                            + "  out_of_sync after the pool went down: p50 %d ms, p95 %d ms, max %d ms%n"
                            + "  active after promote:                 p50 %d ms, p95 %d ms, max %d ms%n",
                    shares, pollMs, activePool, affected.size(), p(inSync, 50), p(inSync, 95), p(inSync, 100),
                    p(outOfSync, 50), p(outOfSync, 95), p(outOfSync, 100), p(promoted, 50), p(promoted, 95),
                    p(promoted, 100));
        }
    }

    private static List<ShareReplica> replicas(LockstepClient c, String share) {
        return c.call(c.manila().shareReplicas(share)).shareReplicas();
    }

    private static String pool(String host) {
        return host.substring(host.indexOf('#') + 1);
    }

    /** Milliseconds from {@code since} until each replica of {@code shares} satisfies {@code done}. */
    private static long[] until(LockstepClient c, List<String> shares, List<String> replicaIds,
                                Predicate<ShareReplica> done, long since) throws InterruptedException {
        long[] ms = new long[replicaIds.size()];
        Arrays.fill(ms, -1);
        long deadline = System.nanoTime() + 120_000_000_000L;
        int left = ms.length;
        while (left > 0 && System.nanoTime() < deadline) {
            for (int i = 0; i < ms.length; i++) {
                if (ms[i] >= 0) {
                    continue;
                }
                String id = replicaIds.get(i);
                boolean ok = replicas(c, shares.get(i)).stream().anyMatch(r -> r.id().equals(id) && done.test(r));
                if (ok) {
                    ms[i] = (System.nanoTime() - since) / 1_000_000;
                    left--;
                }
            }
            Thread.sleep(20); // polling the service's answer is what is measured here
        }
        Arrays.sort(ms);
        return ms;
    }

    private static long p(long[] sorted, int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }
}
