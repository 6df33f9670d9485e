package io.lockstep.backend.statemachine;

import io.lockstep.api.statemachine.StateKind;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A parent's status derived from its children's states, the worst one winning: Manila's
 * {@code access_rules_status} of a share is {@code error} if any rule is in an error state,
 * {@code syncing} while any is transitional, else {@code active}. Read in the same query as the
 * parent's row, so it is never stale against it. Immutable.
 *
 * @param settled     the name when every child is stable (or there are none)
 * @param busy        the name while any child is transitional
 * @param failed      the name when any child is in an error state
 */
public record Rollup(StateMachine child, String settled, String busy, String failed) {

    /** A column expression ranking {@code parentAlias}'s children: 0 settled, 1 busy, 2 failed. */
    public String rankSql(String parentAlias) {
        return "(SELECT COALESCE(MAX(CASE WHEN r.status IN (" + quoted(StateKind.ERROR) + ") THEN 2 WHEN r.status IN ("
                + quoted(StateKind.TRANSITIONAL) + ") THEN 1 ELSE 0 END), 0) FROM " + child.table() + " r WHERE r."
                + child.parentColumn() + " = " + parentAlias + ".id)";
    }

    /** The name of a rank {@link #rankSql} gave. */
    public String name(int rank) {
        return switch (rank) {
            case 0 -> settled;
            case 1 -> busy;
            default -> failed;
        };
    }

    /** Every name it can take, settled first. */
    public List<String> names() {
        return List.of(settled, busy, failed);
    }

    private String quoted(StateKind kind) {
        return child.statesOfKind(kind).stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    }
}
