package io.lockstep.backend.conflict;

import io.lockstep.api.conflict.ConflictCell;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/** The last real race of each cell, in {@code conflict_runs}; shared by every node of a cluster. Thread-safe. */
final class RaceRecords {

    private static final int EXAMPLE_MAX = 4000;

    private record Run(String key, int trials, int violations, String example, String exampleRoot, String notRaced,
                       long at) {
    }

    private final Jdbi jdbi;

    RaceRecords(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Replaces the cell's last run. */
    void record(ConflictCell c, CellRacer.Result r, long at) {
        String example = r.examples().isEmpty() ? null : String.join("\n", r.examples());
        String bounded = example == null || example.length() <= EXAMPLE_MAX ? example : example.substring(0, EXAMPLE_MAX);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM conflict_runs WHERE cell_key = :k").bind("k", c.key()).execute();
            h.createUpdate("""
                            INSERT INTO conflict_runs (cell_key, trials, violations, example, example_root, not_raced, raced_at)
                            VALUES (:k, :t, :v, :e, :r, :n, :at)""")
                    .bind("k", c.key()).bind("t", r.trials()).bind("v", r.violations()).bind("e", bounded)
                    .bind("r", r.exampleRoot()).bind("n", r.skipped()).bind("at", at).execute();
        });
    }

    /** The cells with their last runs, where they have one. */
    List<ConflictCell> merge(List<ConflictCell> cells) {
        Map<String, Run> runs = jdbi.withHandle(h -> h.createQuery(
                        "SELECT cell_key, trials, violations, example, example_root, not_raced, raced_at FROM conflict_runs")
                .map((rs, ctx) -> new Run(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getLong(7)))
                .list().stream().collect(Collectors.toMap(Run::key, r -> r, (x, y) -> y)));
        return cells.stream().map(c -> {
            Run run = runs.get(c.key());
            return run == null ? c : c.withRun(run.trials(), run.violations(), run.example(), run.exampleRoot(),
                    run.notRaced(), run.at());
        }).toList();
    }
}
