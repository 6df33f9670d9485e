package io.lockstep.backend.transition;

import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * The test-and-set: {@code UPDATE t SET status=:to ... WHERE id=:id AND status IN (:from) AND NOT EXISTS
 * (live children)}. One row changed, or none and nothing written. The row is read FOR UPDATE first only
 * so that the event records the exact state it left; correctness rests on the conditional UPDATE.
 * Stateless and thread-safe.
 */
public final class ConditionalStatusWriter implements StatusWriter {

    @Override
    public Outcome write(Handle h, StateMachine m, String id, Set<String> allowedFrom,
                         List<Guard.RowGuard> guards, String to, Map<String, Object> sets, long now) {
        return write(h, m, id, allowedFrom, guards, Map.of(), to, sets, now);
    }

    /**
     * The test-and-set with fences too: each column of {@code fences} must still hold its value (a
     * job's owner, the version read), or nothing is written.
     */
    public Outcome write(Handle h, StateMachine m, String id, Set<String> allowedFrom,
                         List<Guard.RowGuard> guards, Map<String, Object> fences, String to,
                         Map<String, Object> sets, long now) {
        String stateColumn = m.column();
        var row = h.createQuery("SELECT " + stateColumn + ", project_id FROM " + m.table() + " WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .findOne();
        if (row.isEmpty()) {
            return new Outcome(null, null, false, List.of());
        }
        String before = row.get()[0];
        String project = row.get()[1];
        if (allowedFrom.isEmpty()) {
            return new Outcome(before, project, false, List.of());
        }

        StringBuilder sql = StatusWriter.update(m, sets.keySet());
        sql.append(" WHERE id = :id AND ").append(stateColumn).append(" IN (<from>)");
        fences.keySet().forEach(column -> sql.append(" AND ").append(column).append(" = :fence_").append(column));
        for (Guard.RowGuard g : guards) {
            sql.append(" AND NOT EXISTS (SELECT 1 FROM ").append(g.table()).append(" c WHERE c.")
                    .append(g.column()).append(" = ").append(m.table()).append(".id AND ").append(g.blocking("c"))
                    .append(")");
        }
        Update update = h.createUpdate(sql.toString())
                .bind("to", to).bind("now", now).bind("id", id).bindList("from", List.copyOf(allowedFrom));
        sets.forEach((column, value) -> update.bind("set_" + column, value));
        fences.forEach((column, value) -> update.bind("fence_" + column, value));
        boolean changed = update.execute() == 1;
        List<String> blockers = changed || !allowedFrom.contains(before) ? List.of() : blockers(h, m, id, guards);
        return new Outcome(before, project, changed, blockers);
    }

    /** The rows that made a guard refuse, to name them in the conflict. */
    static List<String> blockers(Handle h, StateMachine m, String id, List<Guard.RowGuard> guards) {
        return blockersByResource(h, id, guards).values().stream().flatMap(List::stream).toList();
    }

    /** The live children each guard finds, by the guard's resource ("backup" to its ids), in guard order. */
    static Map<String, List<String>> blockersByResource(Handle h, String id, List<Guard.RowGuard> guards) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Guard.RowGuard g : guards) {
            List<String> ids = h.createQuery("SELECT c.id FROM " + g.table() + " c WHERE c." + g.column()
                            + " = :id AND " + g.blocking("c") + " ORDER BY c.created_at")
                    .bind("id", id).mapTo(String.class).list();
            if (!ids.isEmpty()) {
                found.put(g.resource(), ids);
            }
        }
        return found;
    }
}
