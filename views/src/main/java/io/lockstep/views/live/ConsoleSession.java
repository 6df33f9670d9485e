package io.lockstep.views.live;

import io.lockstep.api.auth.Role;
import io.lockstep.api.auth.Session;
import io.lockstep.api.event.Event;
import io.lockstep.client.EventStream;
import io.lockstep.client.LockstepClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * One console's link to one service: the client, the single event subscription and the model it
 * feeds. {@link #open} blocks (call it off the FX thread): it reads the session and the state
 * machines, notes the newest event id, loads every share and snapshot, and subscribes from that id,
 * so events that happen during the load are applied on top and nothing is missed. Thread-safe.
 */
public final class ConsoleSession implements AutoCloseable {

    private final LockstepClient client;
    private final Session session;
    private final LiveModel model;
    private final Consumer<Update> sink;
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "lockstep-console-details");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> missingDetails = ConcurrentHashMap.newKeySet();
    private volatile EventStream stream;

    private ConsoleSession(LockstepClient client, Session session, LiveModel model, Consumer<Update> sink) {
        this.client = client;
        this.session = session;
        this.model = model;
        this.sink = sink;
    }

    private volatile boolean readOnly;

    /**
     * Connects, loads and subscribes.
     *
     * @param sink where updates go; in the console a {@link PulseBatcher} feeding {@code model}
     */
    public static ConsoleSession open(LockstepClient client, LiveModel model, Consumer<Update> sink) {
        // The reads of the start go side by side: each is a round trip that is mostly the service's work,
        // and in a cold console they are the wait between the service being up and the window.
        CompletableFuture<Session> session = CompletableFuture.supplyAsync(() -> client.call(client.lockstep()
                .session()), THREAD_EACH);
        Loading loading = Loading.begin(client);
        ConsoleSession s = new ConsoleSession(client, joined(session), model, sink);
        model.onDetailsWanted(s::fetchDetails);
        s.loadAndSubscribe(loading);
        return s;
    }

    /** Runs each of the start's reads on a thread of its own. */
    private static final java.util.concurrent.Executor THREAD_EACH = r -> {
        Thread t = new Thread(r, "lockstep-console-load");
        t.setDaemon(true);
        t.start();
    };

    /**
     * What a (re)load reads: the machines, the newest event id and then every listed kind's rows. The
     * rows are read after the id, so whatever happens after it comes on top from the stream.
     */
    private record Loading(CompletableFuture<Catalog> catalog, CompletableFuture<Long> head,
                           Map<String, CompletableFuture<List<Row>>> rows) {
        static Loading begin(LockstepClient client) {
            CompletableFuture<Long> head = CompletableFuture.supplyAsync(() -> client.call(client.lockstep()
                    .events(0, 1, null, null)).lastId(), THREAD_EACH);
            Map<String, CompletableFuture<List<Row>>> rows = new LinkedHashMap<>();
            ResourceKinds.ALL.forEach(k -> rows.put(k.type(), head.thenApplyAsync(h -> k.list().apply(client),
                    THREAD_EACH)));
            return new Loading(CompletableFuture.supplyAsync(() -> new Catalog(client.call(client.lockstep()
                    .stateMachines()).stateMachines()), THREAD_EACH), head, rows);
        }
    }

    /** The read's value, or what it threw, as it threw it (a 401 stays an {@code ApiException}). */
    private static <T> T joined(CompletableFuture<T> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private synchronized void loadAndSubscribe(Loading loading) {
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        loading.rows().forEach((type, read) -> rows.put(type, joined(read)));
        long head = joined(loading.head());
        sink.accept(new Update.Loaded(joined(loading.catalog()), rows, head));
        stream = client.events(head, new EventStream.Listener() {
            @Override
            public void onEvent(Event event) {
                sink.accept(new Update.EventArrived(event));
            }

            @Override
            public void onConnectionChange(boolean connected) {
                if (connected) {
                    fetcher.execute(ConsoleSession.this::resumed);
                } else {
                    sink.accept(new Update.ConnectionChanged(ConnectionState.RECONNECTING));
                }
            }
        });
    }

    /**
     * Back on the stream. If the service's log is now shorter than what we followed, it is not the
     * same history (a service started on a fresh database): reload everything rather than wait for
     * ids that will never come. Details that could not be fetched while it was away are fetched now.
     */
    private void resumed() {
        try {
            EventStream current = stream;
            long serverHead = client.call(client.lockstep().events(0, 1, null, null)).lastId();
            if (current != null && serverHead < current.lastEventId()) {
                current.close();
                loadAndSubscribe(Loading.begin(client));
                return;
            }
            for (String key : Set.copyOf(missingDetails)) {
                String[] parts = key.split("/", 2);
                missingDetails.remove(key);
                fetchDetails(parts[0], parts[1]);
            }
            sink.accept(new Update.ConnectionChanged(ConnectionState.LIVE));
        } catch (RuntimeException stillAway) {
            // The stream reconnects on its own and calls this again.
        }
    }

    /** A model fed through a pulse batcher: what the console runs. */
    public static ConsoleSession openBatched(LockstepClient client, Clock clock) {
        LiveModel model = new LiveModel(clock);
        PulseBatcher<Update> batcher = new PulseBatcher<>(model::apply);
        return open(client, model, batcher::offer);
    }

    private void fetchDetails(String type, String id) {
        fetcher.execute(() -> {
            try {
                ResourceKinds.kind(type).ifPresent(k -> sink.accept(new Update.Details(type, k.read().apply(client, id))));
            } catch (io.lockstep.client.ApiException gone) {
                // Deleted meanwhile: the row goes with the next event.
            } catch (RuntimeException unreachable) {
                missingDetails.add(type + "/" + id); // fetched again once the stream is back
            }
        });
    }

    public LockstepClient client() {
        return client;
    }

    public Session session() {
        return session;
    }

    /** The token's role, or viewer when the connection was opened read-only. */
    public Role role() {
        return readOnly ? Role.VIEWER : session.role();
    }

    /** Opens this console read-only: actions are offered as to a viewer (the server's role check stands anyway). */
    public ConsoleSession readOnly(boolean on) {
        this.readOnly = on;
        return this;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public LiveModel model() {
        return model;
    }

    @Override
    public void close() {
        EventStream s = stream;
        if (s != null) {
            s.close();
        }
        fetcher.shutdownNow();
        sink.accept(new Update.ConnectionChanged(ConnectionState.CLOSED));
    }
}
