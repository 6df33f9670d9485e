package io.lockstep.bench;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one race run.
 *
 * @param outcomes   how often each pair of answers came back, e.g. {@code delete=202 snapshot=409}
 * @param violations trials that broke an invariant, with the first few described in {@code examples}
 */
public record RaceResult(String race, int trials, Map<String, Integer> outcomes, int violations,
                         List<String> examples) {
}
