package io.lockstep.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.event.Event;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * A subscription to {@code /lockstep/v1/events} that survives disconnects: after any failure it
 * reconnects with back-off and resumes with {@code Last-Event-ID}, so the listener sees every event
 * once, in id order. Events arrive on OkHttp's thread; the console batches them onto the FX thread.
 * Thread-safe.
 */
public final class EventStream implements AutoCloseable {

    /** Receives events and connection changes. */
    public interface Listener {
        void onEvent(Event event);

        default void onConnectionChange(boolean connected) {
        }
    }

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OkHttpClient http;
    private final Endpoints endpoints;
    private final ObjectMapper mapper;
    private final Listener listener;
    private final AtomicLong lastId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lockstep-events-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile EventSource source;
    private volatile long backoffMillis = 100;

    private EventStream(OkHttpClient http, Endpoints endpoints, long afterId, ObjectMapper mapper, Listener listener) {
        this.http = http.newBuilder().readTimeout(Duration.ofSeconds(30)).build(); // server keep-alives every 10 s
        this.endpoints = endpoints;
        this.mapper = mapper;
        this.listener = listener;
        this.lastId = new AtomicLong(afterId);
    }

    static EventStream open(OkHttpClient http, Endpoints endpoints, long afterId, ObjectMapper mapper,
                            Listener listener) {
        EventStream s = new EventStream(http, endpoints, afterId, mapper, listener);
        s.connect();
        return s;
    }

    /** The id of the last event delivered. */
    public long lastEventId() {
        return lastId.get();
    }

    private void connect() {
        if (closed.get()) {
            return;
        }
        Request request = new Request.Builder()
                .url(endpoints.current().resolve("/lockstep/v1/events").toString())
                .header("Last-Event-ID", Long.toString(lastId.get()))
                .header("Accept", "text/event-stream")
                .build();
        source = EventSources.createFactory(http).newEventSource(request, new EventSourceListener() {
            @Override
            public void onOpen(EventSource es, Response response) {
                backoffMillis = 100;
                listener.onConnectionChange(true);
            }

            @Override
            public void onEvent(EventSource es, String id, String type, String data) {
                try {
                    Event e = mapper.readValue(data, Event.class);
                    if (e.id() > lastId.get()) { // never twice, even if a server replays
                        lastId.set(e.id());
                        listener.onEvent(e);
                    }
                } catch (java.io.IOException ex) {
                    // A malformed event cannot be shown; the id still moves on with the next one.
                }
            }

            @Override
            public void onClosed(EventSource es) {
                retry();
            }

            @Override
            public void onFailure(EventSource es, Throwable t, Response response) {
                if (t instanceof java.io.IOException && response == null) {
                    // the node went away mid-stream: the next connection goes to the next node
                    endpoints.failed(URI.create(es.request().url().scheme() + "://" + es.request().url().host()
                            + ":" + es.request().url().port()));
                }
                retry();
            }
        });
    }

    private void retry() {
        if (closed.get()) {
            return;
        }
        listener.onConnectionChange(false);
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF.toMillis(), backoffMillis * 2);
        reconnects.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            EventSource s = source;
            if (s != null) {
                s.cancel();
            }
            reconnects.shutdownNow();
        }
    }
}
