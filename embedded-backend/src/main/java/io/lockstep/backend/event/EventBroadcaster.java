package io.lockstep.backend.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.event.Event;
import io.lockstep.backend.auth.TokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds every open event stream of this node from one reader of the event log: each new page is read
 * and serialised once, then queued to the streams whose filter it passes. A new stream first catches
 * up from its {@code Last-Event-ID} on a small executor, then joins the live set without a gap or a
 * repeat. No request thread is held by a stream, and no thread of this class waits on a reader.
 * Lifecycle {@code LATENT -> STARTED -> CLOSED}; thread-safe.
 */
public final class EventBroadcaster implements AutoCloseable {

    /** Caps and timings of the node's event streams. */
    public record Limits(int perNode, int perToken, long bufferBytes, long keepAliveMs, long tokenCheckMs) {
        public static final Limits DEFAULTS = new Limits(4096, 256, 1 << 20, 10_000, 1_000);

        public Limits {
            if (perNode < 1 || perToken < 1 || bufferBytes < 4096 || keepAliveMs < 10 || tokenCheckMs < 10) {
                throw new IllegalArgumentException("stream limits must be positive (buffer at least 4096 bytes)");
            }
        }
    }

    /** Refused because a cap is reached; the message names the cap and its setting. */
    public static final class TooManyStreams extends RuntimeException {
        TooManyStreams(String message) {
            super(message);
        }
    }

    private enum State { LATENT, STARTED, CLOSED }

    private static final Logger LOG = LoggerFactory.getLogger(EventBroadcaster.class);
    private static final int PAGE = 500;

    private final EventLog log;
    private final ObjectMapper mapper;
    private final TokenStore tokens;
    private final Clock clock;
    private final Limits limits;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Object lock = new Object();
    /** Streams fed by the live reader; guarded by {@link #lock}. */
    private final Set<Subscriber> live = new LinkedHashSet<>();
    /** Every open stream, catching up or live, for the caps; guarded by {@link #lock}. */
    private final Set<Subscriber> open = new LinkedHashSet<>();
    private final Map<String, Integer> perToken = new HashMap<>();
    private final ExecutorService catchUp = Executors.newFixedThreadPool(2, daemon("lockstep-events-catch-up"));
    private final Thread reader = daemon("lockstep-events").newThread(this::readLoop);
    /** Every event up to this id has been offered to the live streams; guarded by {@link #lock}. */
    private long position;
    private long lastHousekeeping;

    public EventBroadcaster(EventLog log, ObjectMapper mapper, TokenStore tokens, Clock clock, Limits limits) {
        this.log = log;
        this.mapper = mapper;
        this.tokens = tokens;
        this.clock = clock;
        this.limits = limits;
    }

    public void start() {
        if (state.compareAndSet(State.LATENT, State.STARTED)) {
            position = log.lastId();
            reader.start();
        }
    }

    public Limits limits() {
        return limits;
    }

    /** Open streams now, catching up or live. */
    public int streams() {
        synchronized (lock) {
            return open.size();
        }
    }

    /**
     * Registers a stream, or refuses it when this node or this token already holds as many as allowed.
     *
     * @throws TooManyStreams naming the cap reached
     */
    Subscriber subscribe(TokenStore.Token token, EventLog.Filter filter, long after) {
        if (state.get() != State.STARTED) {
            throw new TooManyStreams("This node is shutting down; connect to another node.");
        }
        Subscriber s = new Subscriber(token, filter, after, limits.bufferBytes(), clock.millis());
        synchronized (lock) {
            if (open.size() >= limits.perNode()) {
                throw new TooManyStreams("This node already serves " + open.size() + " event streams, its limit "
                        + "(serve --max-streams); connect to another node or try again later.");
            }
            int mine = perToken.getOrDefault(token.secret(), 0);
            if (mine >= limits.perToken()) {
                throw new TooManyStreams("This token already has " + mine + " open event streams on this node, its "
                        + "limit (serve --max-streams-per-token); close one first.");
            }
            perToken.put(token.secret(), mine + 1);
            open.add(s);
        }
        s.done().whenComplete((v, e) -> forget(s));
        return s;
    }

    /** Starts feeding a stream once its response is attached: history first, then live. */
    void feed(Subscriber s) {
        s.drain();
        try {
            catchUp.execute(() -> catchUp(s));
        } catch (RejectedExecutionException closing) {
            s.end(Subscriber.End.SHUTDOWN, ": this node is shutting down; resume with Last-Event-ID on another\n\n");
            s.drain();
        }
    }

    private void catchUp(Subscriber s) {
        try {
            while (s.open()) {
                long visible = log.lastId(); // every event up to here was committed before the query below
                long from = s.cursor();
                List<Event> page = log.after(from, PAGE, s.filter);
                long now = clock.millis();
                for (Event e : page) {
                    s.offer(e.id(), frame(e), now);
                }
                s.drain();
                if (page.size() == PAGE) {
                    continue;
                }
                s.advance(visible);
                synchronized (lock) {
                    if (position <= s.cursor()) {
                        live.add(s); // the reader offers it everything after `position`, skipping what it has
                        return;
                    }
                }
                // the live reader has moved past this stream's cursor meanwhile: read that stretch too
            }
        } catch (RuntimeException e) {
            LOG.warn("an event stream could not catch up: {}", e.toString());
            s.end(Subscriber.End.SHUTDOWN, ": the event log could not be read; resume with Last-Event-ID\n\n");
            s.drain();
        }
    }

    private void readLoop() {
        while (state.get() == State.STARTED) {
            try {
                long seen = log.signal().version();
                int read = readOnce();
                housekeeping();
                if (read < PAGE) {
                    // Woken at once by this node's commits; the timeout picks up other nodes' commits.
                    log.signal().awaitChange(seen, Math.min(1000, limits.tokenCheckMs()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("event stream reader: {}; retrying", e.toString());
                try {
                    Thread.sleep(500);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private int readOnce() {
        long from;
        synchronized (lock) {
            from = position;
        }
        List<Event> batch = log.after(from, PAGE, EventLog.Filter.ALL);
        if (batch.isEmpty()) {
            return 0;
        }
        List<Subscriber> touched = new ArrayList<>();
        long now = clock.millis();
        synchronized (lock) {
            List<byte[]> frames = new ArrayList<>(batch.size());
            for (Event e : batch) {
                frames.add(frame(e));
            }
            for (Subscriber s : live) {
                boolean any = false;
                for (int i = 0; i < batch.size(); i++) {
                    Event e = batch.get(i);
                    if (s.filter.matches(e)) {
                        any |= s.offer(e.id(), frames.get(i), now);
                    } else {
                        s.advance(e.id());
                    }
                }
                if (any) {
                    touched.add(s);
                }
            }
            position = batch.get(batch.size() - 1).id();
        }
        for (Subscriber s : touched) {
            s.drain();
        }
        return batch.size();
    }

    /** Keep-alives for idle streams; streams whose token was revoked or changed are ended. */
    private void housekeeping() {
        long now = clock.millis();
        if (now - lastHousekeeping < Math.min(limits.tokenCheckMs(), limits.keepAliveMs())) {
            return;
        }
        lastHousekeeping = now;
        List<Subscriber> all;
        synchronized (lock) {
            all = new ArrayList<>(open);
        }
        Map<String, Boolean> valid = new HashMap<>();
        for (Subscriber s : all) {
            boolean stillValid = valid.computeIfAbsent(s.token.secret(), secret -> {
                Optional<TokenStore.Token> now2 = tokens.lookup(secret);
                return now2.isPresent() && now2.get().equals(s.token);
            });
            if (!stillValid) {
                s.end(Subscriber.End.TOKEN_REVOKED, ": the token of this stream was revoked or changed\n\n");
                s.drain();
            } else if (s.keepAlive(now, limits.keepAliveMs())) {
                s.drain();
            }
        }
    }

    private void forget(Subscriber s) {
        synchronized (lock) {
            if (open.remove(s)) {
                live.remove(s);
                perToken.computeIfPresent(s.token.secret(), (k, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    private byte[] frame(Event e) {
        try {
            return ("id: " + e.id() + "\nevent: " + e.kind().wireName() + "\ndata: " + mapper.writeValueAsString(e)
                    + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise event " + e.id(), ex);
        }
    }

    /** Ends every stream with its position (clients resume on another node) and stops the reader. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        reader.interrupt();
        catchUp.shutdownNow();
        List<Subscriber> all;
        synchronized (lock) {
            all = new ArrayList<>(open);
        }
        for (Subscriber s : all) {
            s.end(Subscriber.End.SHUTDOWN, ": this node is shutting down; resume with Last-Event-ID on another\n\n");
            s.drain();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
