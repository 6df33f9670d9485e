package io.lockstep.bench;

import io.lockstep.client.race.RaceReport;
import java.util.List;
import java.util.Map;

/**
 * Runs the share races on the safe service and on the naive variant and prints both tables side by
 * side, then the job races (migrations) on the safe service (up to 1000 trials each), then measures
 * transitions per second on H2. Usage: {@code RaceBench [trials]} (default 10000).
 */
public final class RaceBench {

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.printf("Race harness: %d trials per race, real HTTP, H2 in memory%n%n", trials);
        System.out.printf("%-26s %-6s %7s %11s  %s%n", "race", "mode", "trials", "violations", "outcomes");
        for (String mode : List.of("safe", "naive")) {
            try (RaceHarness h = mode.equals("safe") ? RaceHarness.safe(16) : RaceHarness.naive(16)) {
                List<RaceReport> reports = new java.util.ArrayList<>(List.of(h.deleteWhileSnapshotting(trials),
                        h.doubleDelete(trials), h.doubleSnapshot(trials)));
                if (mode.equals("safe")) { // the naive variant only swaps the share's status writer
                    int jobTrials = Math.min(trials, 1000);
                    reports.addAll(List.of(h.doubleMigrationStart(jobTrials), h.deleteDuringMigrationStart(jobTrials),
                            h.cancelVsComplete(jobTrials)));
                }
                for (RaceReport r : reports) {
                    System.out.printf("%-26s %-6s %7d %11d  %s%n", r.race(), mode, r.trials(), r.violations(),
                            r.outcomes());
                    r.examples().stream().limit(2).forEach(e -> System.out.println("      e.g. " + e));
                }
                System.out.printf("%-26s %-6s global: %s%n", "", mode, h.globalViolations());
            }
        }
        Throughput.run(Map.of());
    }
}
