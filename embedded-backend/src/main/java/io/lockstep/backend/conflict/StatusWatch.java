package io.lockstep.backend.conflict;

import io.lockstep.backend.event.ChangeSignal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the node's event stream (as an admin: every project) and wakes whoever waits on a resource
 * when an event names it, so that a racer waiting for a family to go quiet reads its statuses once per
 * change rather than polling them. A waiter still reads the statuses itself and waits at most
 * {@link #FALLBACK_MS} between two reads: a stream that drops only slows it down. Only the ids somebody
 * waits on are counted. Thread-safe.
 */
public final class StatusWatch implements AutoCloseable {

    static final long FALLBACK_MS = 250;
    private static final Pattern RESOURCE_ID = Pattern.compile("\"resource_id\":\"([^\"]+)\"");

    /** How many events named a watched id, and how many waiters watch it. */
    private static final class Watched {
        final AtomicLong version = new AtomicLong();
        int users;
    }

    private final Map<String, Watched> watched = new ConcurrentHashMap<>();
    /** Moves whenever an event names a watched id. */
    private final ChangeSignal changes = new ChangeSignal();
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    StatusWatch(HttpClient http, URI events, String adminToken) {
        HttpRequest request = HttpRequest.newBuilder(events).header("X-Auth-Token", adminToken)
                .header("Accept", "text/event-stream").GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Lines()));
    }

    /** Counts the events that name {@code ids} until the interest is closed. */
    public Interest interest(List<String> ids) {
        for (String id : ids) {
            watched.compute(id, (k, w) -> {
                Watched x = w == null ? new Watched() : w;
                x.users++;
                return x;
            });
        }
        return new Interest(ids);
    }

    @Override
    public void close() {
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void named(String id) {
        Watched w = watched.get(id);
        if (w != null) {
            w.version.incrementAndGet();
            changes.signal();
        }
    }

    private long version(String id) {
        Watched w = watched.get(id);
        return w == null ? 0 : w.version.get();
    }

    /** The ids one waiter reads, and where they were at its last {@link #mark}. */
    public final class Interest implements Pace {
        private final List<String> ids;
        private final long[] marked;

        private Interest(List<String> ids) {
            this.ids = List.copyOf(ids);
            this.marked = new long[ids.size()];
        }

        @Override
        public void mark() {
            for (int i = 0; i < marked.length; i++) {
                marked[i] = version(ids.get(i));
            }
        }

        @Override
        public void await() throws InterruptedException {
            long deadline = System.nanoTime() + FALLBACK_MS * 1_000_000;
            long seen = changes.version(); // taken before looking, so a change in between is not missed
            while (!moved()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                seen = changes.awaitChange(seen, Duration.ofNanos(left));
            }
        }

        private boolean moved() {
            for (int i = 0; i < marked.length; i++) {
                if (version(ids.get(i)) != marked[i]) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            for (String id : ids) {
                watched.computeIfPresent(id, (k, w) -> --w.users == 0 ? null : w);
            }
        }
    }

    /** The stream's lines: each {@code data:} line is an event, whose resource id is all that matters here. */
    private final class Lines implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            if (line.startsWith("data:")) {
                Matcher m = RESOURCE_ID.matcher(line);
                if (m.find()) {
                    named(m.group(1));
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            // the waiters fall back to reading every FALLBACK_MS
        }

        @Override
        public void onComplete() {
            // likewise
        }
    }
}
