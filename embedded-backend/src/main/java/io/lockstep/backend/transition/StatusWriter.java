package io.lockstep.backend.transition;

import io.lockstep.backend.statemachine.Guard;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * How a status change reaches the row. The service uses {@link ConditionalStatusWriter}, a
 * test-and-set; the race bench plugs in a read-then-write variant to show what that costs.
 */
public interface StatusWriter {

    /**
     * Moves the row to {@code to} if it is in one of {@code allowedFrom} and every guard holds, setting
     * {@code sets} too.
     */
    Outcome write(Handle h, StateMachine machine, String id, Set<String> allowedFrom,
                  List<Guard.RowGuard> guards, String to, Map<String, Object> sets, long now);

    /**
     * The start of every status write, shared so the variants cannot drift: the machine's own column (a
     * replica's {@code replica_state} beside its {@code status}), when, the row's version, then each of
     * {@code sets} bound as {@code :set_<column>}. The caller adds the WHERE clause.
     */
    static StringBuilder update(StateMachine m, Set<String> sets) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(m.table()).append(" SET ").append(m.column())
                .append(" = :to, updated_at = :now, version = version + 1");
        sets.forEach(column -> sql.append(", ").append(column).append(" = :set_").append(column));
        return sql;
    }

    /**
     * @param before    the status before (null if there is no such row)
     * @param projectId the row's project
     * @param changed   whether the row was changed
     * @param blockers  when a guard refused: ids of the blocking related rows
     */
    record Outcome(String before, String projectId, boolean changed, List<String> blockers) {
    }
}
