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
        Session session = client.call(client.lockstep().session());
        ConsoleSession s = new ConsoleSession(client, session, model, sink);
        model.onDetailsWanted(s::fetchDetails);
        s.loadAndSubscribe();
        return s;
    }

    private synchronized void loadAndSubscribe() {
        Catalog catalog = new Catalog(client.call(client.lockstep().stateMachines()).stateMachines());
        long head = client.call(client.lockstep().events(0, 1, null, null)).lastId();
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        ResourceKinds.ALL.forEach(k -> rows.put(k.type(), k.list().apply(client)));
        sink.accept(new Update.Loaded(catalog, rows, head));
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
                loadAndSubscribe();
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
