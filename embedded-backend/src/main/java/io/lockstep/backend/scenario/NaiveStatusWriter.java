package io.lockstep.backend.scenario;

import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.StatusWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * What Manila does today, for comparison only: read the status, check it in code, then write
 * unconditionally. The pause between read and write stands for the work an API does in between.
 */
public final class NaiveStatusWriter implements StatusWriter {

    private final long thinkMillis;

    public NaiveStatusWriter(long thinkMillis) {
        this.thinkMillis = thinkMillis;
    }

    @Override
    public Outcome write(Handle h, StateMachine m, String id, Set<String> allowedFrom,
                         List<Guard.RowGuard> guards, String to, Map<String, Object> sets, long now) {
        // the machine's own column: a replica's replica_state lives beside its status on one row
        String stateColumn = m.column();
        var row = h.createQuery("SELECT " + stateColumn + ", project_id FROM " + m.table() + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).findOne();
        if (row.isEmpty()) {
            return new Outcome(null, null, false, List.of());
        }
        String before = row.get()[0];
        if (!allowedFrom.contains(before)) {
            return new Outcome(before, row.get()[1], false, List.of());
        }
        for (Guard.RowGuard g : guards) {
            List<String> live = h.createQuery("SELECT c.id FROM " + g.table() + " c WHERE c." + g.column()
                    + " = :id AND " + g.blocking("c")).bind("id", id).mapTo(String.class).list();
            if (!live.isEmpty()) {
                return new Outcome(before, row.get()[1], false, live);
            }
        }
        try {
            Thread.sleep(thinkMillis); // the API's work between its check and its write
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        StringBuilder sql = StatusWriter.update(m, sets.keySet());
        var update = h.createUpdate(sql + " WHERE id = :id").bind("to", to).bind("now", now).bind("id", id);
        sets.forEach((c, v) -> update.bind("set_" + c, v));
        update.execute();
        return new Outcome(before, row.get()[1], true, List.of());
    }
}
