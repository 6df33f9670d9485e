package io.lockstep.backend.conflict;

import io.lockstep.api.conflict.ConflictCell;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints the checker's findings: cells per verdict per family, then every unsafe cell in full. Stateless. */
public final class ConflictReport {

    private ConflictReport() {
    }

    /** @return the number of unsafe cells */
    public static int print(List<ConflictCell> cells, long micros, PrintWriter out) {
        Map<String, Map<String, Long>> byFamily = new TreeMap<>();
        for (ConflictCell c : cells) {
            byFamily.computeIfAbsent(c.family(), f -> new TreeMap<>()).merge(c.verdict(), 1L, Long::sum);
        }
        byFamily.forEach((family, verdicts) -> out.println(family + " family: " + verdicts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))
                + " (" + verdicts.values().stream().mapToLong(Long::longValue).sum() + " cells)"));
        List<ConflictCell> unsafe = cells.stream()
                .filter(c -> c.verdict().equals(ConflictChecker.Verdict.UNSAFE.wireName())).toList();
        for (ConflictCell c : unsafe) {
            out.println("UNSAFE " + c.a() + " against " + c.b() + " (" + c.relation() + ", from " + c.start() + "): "
                    + c.reason());
        }
        out.printf("%d cells checked in %.1f ms; %d unsafe%n", cells.size(), micros / 1000.0, unsafe.size());
        out.flush();
        return unsafe.size();
    }
}
