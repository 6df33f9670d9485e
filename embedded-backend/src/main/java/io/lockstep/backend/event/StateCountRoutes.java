package io.lockstep.backend.event;

import io.javalin.Javalin;
import io.lockstep.api.statemachine.StateCounts;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /lockstep/v1/state-counts}: live resources per kind and state, in the caller's project
 * (an admin's: all), read with the event counter's lock held so that they are exact as of the event
 * id returned: no transition is both counted and after it. Consoles count kinds they do not list
 * (access rules) from this and the event stream. Thread-safe.
 */
public final class StateCountRoutes {

    private final Jdbi jdbi;
    private final JsonRenderer json;

    public StateCountRoutes(Jdbi jdbi, JsonRenderer json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/state-counts", ctx -> {
            Caller c = Requests.caller(ctx);
            json.render(ctx, 200, read(c.scope()));
        });
    }

    private StateCounts read(String project) {
        return jdbi.inTransaction(h -> {
            EventLog.takeCounterFirst(h); // writers wait until this read is done
            long asOf = h.createQuery("SELECT last_id FROM event_counter WHERE name = 'events'").mapTo(Long.class).one();
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            for (StateMachine m : java.util.stream.Stream.concat(ResourceMachines.all().stream(),
                    ResourceMachines.instances().stream()).toList()) {
                Map<String, Integer> byState = new LinkedHashMap<>();
                String column = m.column();
                h.createQuery("SELECT " + column + " AS state, COUNT(*) AS n FROM " + m.table() + " WHERE " + column
                                + " <> :gone" + (project == null ? "" : " AND project_id = :project") + " GROUP BY "
                                + column)
                        .bind("gone", m.terminalState()).bind("project", project)
                        .map((rs, ctx) -> byState.put(rs.getString("state"), rs.getInt("n"))).list();
                counts.put(m.resource(), byState);
            }
            return new StateCounts(asOf, counts);
        });
    }
}
