package io.lockstep.backend.pool;

import io.lockstep.backend.driver.StoragePool;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Places a new share on a pool, in the transaction that creates it, as Manila's filter scheduler would
 * but without its race: the zone, capabilities and capacity filters run, then the candidates' rows in
 * {@code pools} are locked in name order and their allocation is read under that lock, so two creates
 * can never both take a pool's last gigabytes. The pool with the most room wins. Thread-safe.
 */
public final class Scheduler {

    /** Where a share goes, or why nowhere (with Manila's user message detail id). */
    public sealed interface Placement {
        record Placed(StoragePool pool) implements Placement {
        }

        record Unplaced(String detailId, String message) implements Placement {
        }
    }

    private final StateMachine shares;

    /** @param shares the machine of what is placed: its table, whose live rows use pool capacity */
    public Scheduler(StateMachine shares) {
        this.shares = shares;
    }

    public Placement place(Handle h, List<StoragePool> pools, int sizeGb, Map<String, String> specs, String zone) {
        List<StoragePool> candidates = new ArrayList<>(pools);
        Set<String> allowedZones = zonesAllowed(specs);
        candidates.removeIf(p -> zone != null && !p.zone().equals(zone)
                || allowedZones != null && !allowedZones.contains(p.zone()));
        if (candidates.isEmpty()) {
            return new Placement.Unplaced("007", "allocate host: No storage could be allocated for this share request, "
                    + "AvailabilityZone filter didn't succeed.");
        }
        candidates.removeIf(p -> SpecMatch.firstFailure(specs, p.capabilities()) != null);
        if (candidates.isEmpty()) {
            return new Placement.Unplaced("008", "allocate host: No storage could be allocated for this share request, "
                    + "Capabilities filter didn't succeed.");
        }
        lock(h, candidates);
        Map<String, Long> allocated = allocated(h, candidates);
        StoragePool best = candidates.stream()
                .filter(p -> p.placeableGb() - allocated.getOrDefault(p.name(), 0L) >= sizeGb)
                .max(Comparator.comparingLong(p -> p.placeableGb() - allocated.getOrDefault(p.name(), 0L)))
                .orElse(null);
        if (best == null) {
            return new Placement.Unplaced("009", "allocate host: No storage could be allocated for this share request, "
                    + "Capacity filter didn't succeed.");
        }
        return new Placement.Placed(best);
    }

    /** Gigabytes of live shares per pool name. */
    public Map<String, Long> allocated(Handle h, List<StoragePool> pools) {
        Map<String, Long> out = new HashMap<>();
        h.createQuery("SELECT host, SUM(size) AS gb FROM " + shares.table() + " WHERE status <> :gone"
                        + " AND host IN (<hosts>) GROUP BY host")
                .bind("gone", shares.terminalState())
                .bindList("hosts", pools.stream().map(StoragePool::name).toList())
                .map((rs, ctx) -> Map.entry(rs.getString("host"), rs.getLong("gb")))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Locks the pools' rows (creating missing ones) in name order: placements on a pool take turns. */
    private static void lock(Handle h, List<StoragePool> pools) {
        List<String> names = pools.stream().map(StoragePool::name).sorted().toList();
        Set<String> present = h.createQuery("SELECT name FROM pools WHERE name IN (<names>)")
                .bindList("names", names).mapTo(String.class).set();
        for (StoragePool p : pools) {
            if (!present.contains(p.name())) {
                h.savepoint("pool_row");
                try {
                    h.createUpdate("INSERT INTO pools (name) VALUES (:n)").bind("n", p.name()).execute();
                    h.release("pool_row");
                } catch (RuntimeException raced) {
                    h.rollbackToSavepoint("pool_row"); // another placement made it first
                }
            }
        }
        h.createQuery("SELECT name FROM pools WHERE name IN (<names>) ORDER BY name FOR UPDATE")
                .bindList("names", names).mapTo(String.class).list();
    }

    /** The zones an {@code availability_zones} extra spec allows (comma-separated), or null for any. */
    private static Set<String> zonesAllowed(Map<String, String> specs) {
        String v = specs.get(SpecMatch.ZONES_SPEC);
        return v == null || v.isBlank() ? null
                : Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
