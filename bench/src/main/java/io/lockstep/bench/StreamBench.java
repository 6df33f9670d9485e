package io.lockstep.bench;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.EventKind;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.event.EventBroadcaster;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.node.ServiceNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event streams on one node: opens N subscribers (one token), measures a list request's p50/p99
 * with none open and with all of them open, then appends M events and measures how long until every
 * subscriber has every one. Usage: {@code StreamBench [subscribers] [events]} (default 2000 and 200).
 */
public final class StreamBench {

    private static final String TOKEN = "stream-bench-token-0000000001";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(10)).build();
        HttpClient api = HttpClient.newHttpClient();
        TokenStore tokens = TokenStore.of(List.of(new TokenStore.Token(TOKEN, Role.ADMIN, "bench")));
        try (ServiceNode node = ServiceNode.builder().tokens(tokens)
                .streams(new EventBroadcaster.Limits(n + 10, n + 10, 1 << 20, 10_000, 1000)).start()) {
            long[] idle = listLatency(api, node.uri(), 300);
            List<AtomicInteger> got = new ArrayList<>();
            List<CompletableFuture<Void>> connected = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                AtomicInteger count = new AtomicInteger();
                CompletableFuture<Void> up = new CompletableFuture<>();
                got.add(count);
                connected.add(up);
                http.sendAsync(HttpRequest.newBuilder(node.uri().resolve("/lockstep/v1/events"))
                        .header("X-Auth-Token", TOKEN).build(), HttpResponse.BodyHandlers.fromLineSubscriber(
                        new Lines(up, count)));
            }
            CompletableFuture.allOf(connected.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            double connectS = (System.nanoTime() - t0) / 1e9;
            long[] busy = listLatency(api, node.uri(), 300);
            long t1 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                int k = i;
                node.database().jdbi().useTransaction(h -> node.events().append(h, new NewEvent(EventKind.SERVICE,
                        "service", "bench-" + k, null, "report", null, "up", "bench", null)));
                node.events().committed();
            }
            while (got.stream().anyMatch(c -> c.get() < events)) {
                Thread.sleep(5);
            }
            double deliverS = (System.nanoTime() - t1) / 1e9;
            System.out.printf("Event streams on one node (H2 in memory, loopback)%n");
            System.out.printf("subscribers held:              %d (all connected in %.1f s)%n", node.eventStreams(),
                    connectS);
            System.out.printf("events delivered per subscriber: %d of %d (%d in all, in %.2f s: %.0f deliveries/s)%n",
                    got.stream().mapToInt(AtomicInteger::get).min().orElse(0), events, (long) n * events, deliverS,
                    n * (double) events / deliverS);
            System.out.printf("list p50/p99, no stream open:   %.2f / %.2f ms%n", idle[0] / 1e3, idle[1] / 1e3);
            System.out.printf("list p50/p99, %d streams open: %.2f / %.2f ms%n", n, busy[0] / 1e3, busy[1] / 1e3);
        } finally {
            pool.shutdownNow();
        }
    }

    /** p50 and p99 in microseconds of {@code count} share list requests. */
    private static long[] listLatency(HttpClient api, URI base, int count) throws Exception {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(base.resolve("/v2/bench/shares/detail"))
                    .header("X-Auth-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("list answered " + r.statusCode());
            }
            micros[i] = (System.nanoTime() - t) / 1000;
        }
        Arrays.sort(micros);
        return new long[] {micros[count / 2], micros[(int) (count * 0.99)]};
    }

    private record Lines(CompletableFuture<Void> up, AtomicInteger count) implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("retry:")) {
                up.complete(null);
            } else if (line.startsWith("id: ")) {
                count.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable t) {
            up.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            // the bench ends the streams by closing the node
        }
    }
}
