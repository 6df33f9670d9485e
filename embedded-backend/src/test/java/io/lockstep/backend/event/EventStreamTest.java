package io.lockstep.backend.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.EventKind;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event streams hold no request thread: thousands stay open while the API answers, caps refuse more
 * with 429, a reader that stops reading is cut off with its position, a revoked token loses its
 * streams, and idle streams carry keep-alives.
 */
class EventStreamTest {

    private static final String A = "stream-test-token-aaaaaaaa";
    private static final String B = "stream-test-token-bbbbbbbb";

    @TempDir
    Path dir;

    /** One open stream read line by line; counts events and remembers the last line. */
    static final class Reader implements Flow.Subscriber<String> {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final AtomicInteger events = new AtomicInteger();
        final AtomicLong lastId = new AtomicLong();
        final List<String> comments = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("retry:")) {
                connected.complete(null);
            } else if (line.startsWith("id: ")) {
                events.incrementAndGet();
                lastId.set(Long.parseLong(line.substring(4)));
            } else if (line.startsWith(":")) {
                comments.add(line);
            }
        }

        @Override
        public void onError(Throwable t) {
            connected.completeExceptionally(t);
            ended.complete(null);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }

    private static CompletableFuture<HttpResponse<Void>> open(HttpClient http, URI base, String token, Reader r) {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/lockstep/v1/events")).header("X-Auth-Token", token)
                .GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(r));
    }

    private static ServiceNode node(TokenStore tokens, EventBroadcaster.Limits limits) {
        return ServiceNode.builder().tokens(tokens).streams(limits).start();
    }

    private static TokenStore twoTokens() {
        return TokenStore.of(List.of(new TokenStore.Token(A, Role.ADMIN, "p1"),
                new TokenStore.Token(B, Role.VIEWER, "p2")));
    }

    private static void append(ServiceNode node, int n) {
        node.database().jdbi().useTransaction(h -> {
            for (int i = 0; i < n; i++) {
                node.events().append(h, new NewEvent(EventKind.SERVICE, "service", "svc-" + i, null, "report", null,
                        "up", "test", "padding padding padding padding padding padding padding padding padding "
                        + "padding padding padding padding padding padding padding padding padding padding"));
            }
        });
        node.events().committed();
    }

    @Test
    void twoThousandStreamsStayOpenWhileTheApiAnswers() throws Exception {
        int n = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(pool).connectTimeout(Duration.ofSeconds(10)).build();
        try (ServiceNode node = node(twoTokens(), new EventBroadcaster.Limits(4096, 4096, 1 << 20, 10_000, 1000))) {
            List<Reader> readers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Reader r = new Reader();
                readers.add(r);
                open(http, node.uri(), A, r);
            }
            CompletableFuture.allOf(readers.stream().map(r -> r.connected).toArray(CompletableFuture[]::new))
                    .get(120, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(node.eventStreams()).isEqualTo(n);

            // The API answers every request while they are all open (before: every request timed out).
            HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long[] micros = new long[100];
            for (int i = 0; i < micros.length; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> res = api.send(HttpRequest.newBuilder(node.uri().resolve("/v2/p1/shares/detail"))
                        .header("X-Auth-Token", A).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                micros[i] = (System.nanoTime() - t0) / 1000;
                assertThat(res.statusCode()).isEqualTo(200);
            }
            java.util.Arrays.sort(micros);

            // Every stream gets every new event.
            append(node, 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> readers.stream().allMatch(r -> r.events.get() >= 5));
            System.out.printf("event streams: %d held, every one got 5 of 5 events; list p50 %d us, p99 %d us%n",
                    node.eventStreams(), micros[49], micros[98]);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void capsPerTokenAndPerNodeRefuseWith429() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceNode node = node(twoTokens(), new EventBroadcaster.Limits(5, 3, 1 << 20, 10_000, 1000))) {
            List<Reader> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Reader r = new Reader();
                open(http, node.uri(), A, r);
                r.connected.get(10, java.util.concurrent.TimeUnit.SECONDS);
                open.add(r);
            }
            HttpResponse<String> fourth = http.send(HttpRequest.newBuilder(node.uri().resolve("/lockstep/v1/events"))
                    .header("X-Auth-Token", A).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(fourth.body()).contains("\"overLimit\"", "--max-streams-per-token");

            for (int i = 0; i < 2; i++) {
                Reader r = new Reader();
                open(http, node.uri(), B, r);
                r.connected.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            HttpResponse<String> sixth = http.send(HttpRequest.newBuilder(node.uri().resolve("/lockstep/v1/events"))
                    .header("X-Auth-Token", B).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sixth.statusCode()).isEqualTo(429);
            assertThat(sixth.body()).contains("--max-streams").contains("5 event streams");
            assertThat(node.eventStreams()).isEqualTo(5);
        }
    }

    @Test
    void aReaderThatStopsReadingIsCutOffWithItsPositionAndOthersKeepUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceNode node = node(twoTokens(), new EventBroadcaster.Limits(100, 100, 1 << 20, 300, 300))) {
            HttpURLConnection stalled = (HttpURLConnection) node.uri().resolve("/lockstep/v1/events").toURL()
                    .openConnection();
            stalled.setRequestProperty("X-Auth-Token", A);
            stalled.setReadTimeout(60_000);
            assertThat(stalled.getResponseCode()).isEqualTo(200); // headers read, the body left unread
            // The real client: cut off or not, it resumes with Last-Event-ID and sees every event once.
            List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
            io.lockstep.client.LockstepClient client = io.lockstep.client.LockstepClient.connect(node.uri(), A);
            io.lockstep.client.EventStream healthy = client.events(node.events().lastId(), e -> seen.add(e.id()));

            int total = 40_000; // about 16 MB: more than the socket buffers and the 1 MiB allowed behind
            append(node, total);
            await().atMost(Duration.ofSeconds(90)).until(() -> seen.size() >= total);
            healthy.close();
            client.close();
            assertThat(seen).doesNotHaveDuplicates().isSorted().hasSize(total);

            long lastId = 0;
            String cut = null;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stalled.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("id: ")) {
                        lastId = Long.parseLong(line.substring(4));
                    } else if (line.contains("fell more than")) {
                        cut = line;
                    }
                }
            }
            assertThat(cut).as("the stream ends saying where to resume").isNotNull()
                    .endsWith("resume with Last-Event-ID: " + lastId);
            assertThat(lastId).isLessThan(total);
            // a closed connection is noticed at the next write, a keep-alive at the latest
            await().atMost(Duration.ofSeconds(10)).until(() -> node.eventStreams() == 0);
        }
    }

    @Test
    void aRevokedTokenLosesItsStreamsAndIdleStreamsGetKeepAlives() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, A + " admin p1\n" + B + " viewer p2\n");
        TokenStore tokens = TokenStore.watching(file);
        HttpClient http = HttpClient.newHttpClient();
        try (ServiceNode node = node(tokens, new EventBroadcaster.Limits(100, 100, 1 << 20, 200, 200))) {
            Reader revoked = new Reader();
            Reader kept = new Reader();
            open(http, node.uri(), B, revoked);
            open(http, node.uri(), A, kept);
            revoked.connected.get(10, java.util.concurrent.TimeUnit.SECONDS);
            kept.connected.get(10, java.util.concurrent.TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> kept.comments.contains(": keep-alive"));

            Files.writeString(file, A + " admin p1\n");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            revoked.ended.get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(revoked.comments).anyMatch(c -> c.contains("revoked"));
            assertThat(kept.ended).isNotDone();
            // the client sees the end before the node has let go of the stream
            await().atMost(Duration.ofSeconds(5)).until(() -> node.eventStreams() == 1);
            assertThat(kept.ended).isNotDone();
        }
    }
}
