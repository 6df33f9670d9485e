package io.lockstep.bench;

import io.lockstep.api.lab.NetworkPluginSettings;
import io.lockstep.api.network.ShareServer;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Share servers on H2 through the whole service: {@code networks} share networks each get
 * {@code sharesPerNetwork} shares of the {@code dhss} type at once, over HTTP, with the network plugin
 * taking {@code phaseMs} per phase. Prints the time from the first create to every share available
 * (the server's three phases, then the shares' own creates), its spread, and how many servers were
 * made (one per network: every other share reuses it). Usage:
 * {@code ServerSetupBench [networks] [sharesPerNetwork] [phaseMs]}.
 */
final class ServerSetupBench {

    private ServerSetupBench() {
    }

    public static void main(String[] args) throws Exception {
        int networks = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int perNetwork = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long phaseMs = args.length > 2 ? Long.parseLong(args[2]) : 100;
        try (RaceHarness h = RaceHarness.safe(16)) {
            var node = h.node();
            node.driver().update(new io.lockstep.api.lab.DriverSettings(0L, 0L, null, null, null));
            node.driver().network().update(new NetworkPluginSettings(phaseMs, phaseMs, 0.0, null));
            LockstepClient client = LockstepClient.connect(node.uri(), node.adminToken());
            Roomy.liftQuotas(client);
            List<String> nets = new ArrayList<>();
            for (int i = 0; i < networks; i++) {
                client.call(client.manila().post("v2/share-networks", Map.of("share_network", Map.of("name",
                        "bench-" + i))));
            }
            client.call(client.manila().shareNetworks("2.80")).shareNetworks().forEach(n -> nets.add(n.id()));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long start = System.nanoTime();
            List<Future<Long>> work = new ArrayList<>();
            for (String net : nets) {
                for (int j = 0; j < perNetwork; j++) {
                    work.add(pool.submit(() -> {
                        String id = client.call(client.manila().createShare(new CreateShare(new CreateShare.Body(
                                "NFS", 1, null, null, null, null, "dhss", null, null, net, null, null, null, null,
                                null, null)))).share().id();
                        Throughput.awaitStatus(client, id, "available");
                        return (System.nanoTime() - start) / 1_000_000;
                    }));
                }
            }
            long[] ms = new long[work.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = work.get(i).get();
            }
            pool.shutdown();
            Arrays.sort(ms);
            List<ShareServer> servers = client.call(client.manila().shareServers("2.80")).shareServers();
            System.out.printf("%nShare servers on H2: %d networks x %d shares, %d ms per phase: %d servers made; "
                            + "shares available after p50 %d ms, p95 %d ms, max %d ms (3 phases = %d ms of plugin "
                            + "calls per server)%n", networks, perNetwork, phaseMs, servers.size(), ms[ms.length / 2],
                    ms[(int) (ms.length * 0.95)], ms[ms.length - 1], 3 * phaseMs);
        }
    }
}
