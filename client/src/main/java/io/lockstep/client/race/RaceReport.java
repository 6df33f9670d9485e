package io.lockstep.client.race;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one race run, in the shape the bench harness prints.
 *
 * @param outcomes   how often each pair of answers came back, e.g. {@code delete=202 snapshot=409}
 * @param violations trials that broke an invariant, the first few described in {@code examples}
 */
public record RaceReport(String race, int trials, Map<String, Integer> outcomes, int violations,
                         List<String> examples) {

    public static final String HEADER = String.format("%-26s %7s %11s  %s", "race", "trials", "violations",
            "outcomes");

    /** One line under {@link #HEADER}. */
    public String row() {
        return String.format("%-26s %7d %11d  %s", race, trials, violations, outcomes);
    }
}
