package io.lockstep.views.cluster;

import io.lockstep.api.event.Event;
import io.lockstep.api.lab.LabNodes;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.ConnectionState;
import io.lockstep.views.live.LiveModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Asks the service about its cluster once a second (locks, leaders, services, work, lab nodes) and
 * feeds the answers to the {@link ClusterModel}; lock holders and heartbeats change too often to be
 * events, so they are read, not streamed (decision 0007). Jobs are read once per connection: from
 * then on each job's row comes with its events (progress included), so they are never polled. While the event stream is not live the model
 * is told it is unknown instead. Cluster events from the stream go to the model's timeline. At most
 * one round is in flight. FX thread only.
 */
public final class ClusterPoller {

    private static final List<String> TIMELINE_TYPES = List.of("election", "service", "lock", "node");
    private java.util.function.Consumer<ClusterState> afterRound = s -> { };

    /** Told each fresh answer after the model took it (the Jobs page refreshes its detail). */
    public void afterRound(java.util.function.Consumer<ClusterState> listener) {
        this.afterRound = listener;
    }

    private final LockstepClient client;
    private final LiveModel live;
    private final ClusterModel model;
    private final TaskExecutor executor;
    private boolean inFlight;
    private boolean labAbsent;
    private boolean historyLoaded;
    /** The job list is read on the first round of each connection only. */
    private boolean jobsLoaded;

    public ClusterPoller(LockstepClient client, LiveModel live, ClusterModel model, TaskExecutor executor) {
        this.client = client;
        this.live = live;
        this.model = model;
        this.executor = executor;
        live.addEventListener(model::addEvents);
        live.connectionProperty().addListener((o, was, is) -> {
            if (is != ConnectionState.LIVE) {
                jobsLoaded = false;
                model.unknown(unknownText(is));
            } else {
                poll();
            }
        });
    }

    private static String unknownText(ConnectionState s) {
        return "The console's connection to the service is " + s.label().toLowerCase() + ": leaders, locks and "
                + "services are unknown until it is back.";
    }

    /** One round now, unless one is running or the connection is down. */
    public void poll() {
        ConnectionState c = live.connectionProperty().get();
        if (c != ConnectionState.LIVE) {
            model.unknown(unknownText(c));
            return;
        }
        if (inFlight) {
            return;
        }
        inFlight = true;
        boolean withHistory = !historyLoaded;
        boolean withJobs = !jobsLoaded;
        executor.submit(() -> new Round(fetch(withJobs), withHistory ? history() : List.of()), round -> {
            inFlight = false;
            if (live.connectionProperty().get() != ConnectionState.LIVE) {
                return; // the answer is older than the loss of connection
            }
            if (withHistory) {
                historyLoaded = true;
                model.addEvents(round.history());
            }
            model.apply(round.state());
            jobsLoaded |= withJobs;
            afterRound.accept(round.state());
        }, e -> {
            inFlight = false;
            model.unknown("The service did not answer about its cluster: " + message(e));
        });
    }

    private record Round(ClusterState state, List<Event> history) {
    }

    private ClusterState fetch(boolean withJobs) {
        var locks = client.call(client.lockstep().locks());
        var leaders = client.call(client.lockstep().leaders());
        var services = client.call(client.lockstep().services());
        var work = client.call(client.lockstep().work());
        LabNodes nodes = null;
        if (!labAbsent) {
            try {
                nodes = client.call(client.lockstep().labNodes());
            } catch (ApiException e) {
                if (e.status() != 404) {
                    throw e;
                }
                labAbsent = true; // a service that is not a lab: stop asking
            }
        }
        var jobs = withJobs ? client.call(client.lockstep().jobs(null, null)) : null;
        return new ClusterState(locks, leaders, services, work, nodes, jobs);
    }

    private List<Event> history() {
        List<Event> all = new ArrayList<>();
        for (String type : TIMELINE_TYPES) {
            all.addAll(client.call(client.lockstep().events(0, 1000, type, null)).events());
        }
        all.sort(Comparator.comparingLong(Event::id));
        return all;
    }

    static String message(Throwable e) {
        return e instanceof ApiException a && a.detail() != null ? a.detail().message() : String.valueOf(e.getMessage());
    }
}
