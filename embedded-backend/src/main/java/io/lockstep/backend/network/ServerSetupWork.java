package io.lockstep.backend.network;

import static io.lockstep.backend.statemachine.ResourceMachines.SHARE_SERVER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.SimulatedNetwork;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import io.lockstep.backend.work.WorkQueue;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The share service's side of share servers. A server is set up in phases, each its own work item: the
 * phase's call (network plugin or driver) is made with no lock held, then one fenced transaction records
 * what it made and begins the next phase with its work item, or ends the setup. A service that dies
 * mid-phase loses its lease; the next service redoes that phase's call (each is idempotent) and finds
 * what earlier phases recorded: allocations are rows written with the phase that made them. When the
 * server becomes active the shares waiting on it get their work; when a phase fails they end in error
 * with the server. Thread-safe.
 */
public final class ServerSetupWork {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final Completion completion;
    private final SimulatedNetwork network;
    private final Clock clock;
    private final Operation create = SHARE_SERVER.createOperation().orElseThrow();
    /** The setup's phases in order: each begins from the one before's transitional state. */
    private final List<Operation> phases;
    private final WaitingShares waiting;

    public ServerSetupWork(Jdbi jdbi, TransitionStore transitions, WorkQueue queue, Completion completion,
                           SimulatedNetwork network, Clock clock) {
        this.jdbi = jdbi;
        this.transitions = transitions;
        this.queue = queue;
        this.completion = completion;
        this.network = network;
        this.clock = clock;
        this.phases = phases();
        this.waiting = new WaitingShares(transitions, queue, clock);
    }

    /** The chain of operations from the create's transitional state to its success, read from the machine. */
    static List<Operation> phases() {
        List<Operation> chain = new java.util.ArrayList<>();
        String at = SHARE_SERVER.createOperation().orElseThrow().via();
        while (true) {
            String from = at;
            var next = SHARE_SERVER.operations().stream().filter(o -> o.from().equals(java.util.Set.of(from))
                    && o.via() != null && !o.isRouted()).findFirst();
            if (next.isEmpty()) {
                return List.copyOf(chain);
            }
            chain.add(next.get());
            at = next.get().via();
        }
    }

    public Map<String, WorkHandler> handlers() {
        Map<String, WorkHandler> out = new HashMap<>();
        out.put(SHARE_SERVER.resource() + "." + create.name(), this::begin);
        phases.forEach(p -> out.put(SHARE_SERVER.resource() + "." + p.name(), this::phase));
        out.put(SHARE_SERVER.resource() + ".delete", this::delete);
        return out;
    }

    /** A share service took the new server: its first phase begins. */
    private void begin(WorkItem item, String owner) {
        completion.finish(item, owner, h -> next(h, item, phases.get(0), Map.of()));
        queue.wake();
    }

    private void next(Handle h, WorkItem item, Operation phase, Map<String, Object> sets) {
        transitions.begin(h, SHARE_SERVER, item.resourceId(), phase.name(), completion.actor(item.owner()), null, sets);
        queue.enqueue(h, SHARE_SERVER.resource(), item.resourceId(), phase.name(), item.payload());
    }

    private void phase(WorkItem item, String owner) {
        String id = item.resourceId();
        Operation phase = SHARE_SERVER.operation(item.operation());
        int index = phases.indexOf(phase);
        Map<String, Object> server = jdbi.withHandle(h -> h.createQuery("SELECT s.host, s.share_network_id, "
                + "s.share_network_subnet_id, n.cidr FROM share_servers s JOIN share_network_subnets n ON n.id = "
                + "s.share_network_subnet_id WHERE s.id = :id").bind("id", id).mapToMap().one());
        String subnet = (String) server.get("share_network_subnet_id");
        Map<String, Object> sets = new HashMap<>();
        try {
            switch (index) {
                case 0 -> network.allocate(id, subnet);
                case 1 -> sets.put("backend_details", json(network.setUp(id, (String) server.get("host"),
                        addresses(id))));
                default -> network.configure(id, securityServices((String) server.get("share_network_id")));
            }
        } catch (DriverException e) {
            fail(item, owner, phase, e.getMessage());
            return;
        }
        String cidr = server.get("cidr") != null ? (String) server.get("cidr") : network.settings().defaultCidr();
        completion.finish(item, owner, h -> {
            if (index == 0 && !allocate(h, id, subnet, cidr)) {
                transitions.finish(h, SHARE_SERVER, id, phase.name(), Outcome.failed(Failure.DRIVER,
                        "no free address left in " + cidr), completion.actor(owner), Map.of());
                waiting.fail(h, id, "its share server " + id + " could not be given an address in " + cidr);
                return;
            }
            if (index + 1 < phases.size()) {
                next(h, item, phases.get(index + 1), sets);
            } else {
                transitions.finish(h, SHARE_SERVER, id, phase.name(), Outcome.ok(), completion.actor(owner), sets);
                waiting.start(h, id);
            }
        });
        queue.wake();
    }

    /**
     * Records the server's addresses once: a phase redone after a crash finds them. Under the network's
     * family lock, which every allocation on the network takes, so no address is given twice.
     */
    private boolean allocate(Handle h, String serverId, String subnetId, String cidr) {
        int held = h.createQuery("SELECT COUNT(*) FROM network_allocations WHERE share_server_id = :s")
                .bind("s", serverId).mapTo(Integer.class).one();
        if (held > 0) {
            return true;
        }
        var taken = new HashSet<>(h.createQuery("SELECT ip_address FROM network_allocations WHERE "
                + "share_network_subnet_id = :n").bind("n", subnetId).mapTo(String.class).list());
        List<String> ips;
        try {
            ips = SimulatedNetwork.pick(cidr, taken, 1);
        } catch (DriverException e) {
            return false;
        }
        for (String ip : ips) {
            h.createUpdate("INSERT INTO network_allocations (id, share_server_id, share_network_subnet_id, ip_address, "
                            + "label, created_at) VALUES (:id, :s, :n, :ip, 'user', :now)")
                    .bind("id", UUID.randomUUID().toString()).bind("s", serverId).bind("n", subnetId).bind("ip", ip)
                    .bind("now", clock.millis()).execute();
        }
        return true;
    }

    private List<String> addresses(String serverId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT ip_address FROM network_allocations WHERE share_server_id = :s"
                + " ORDER BY ip_address").bind("s", serverId).mapTo(String.class).list());
    }

    private List<String> securityServices(String networkId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT s.type || ':' || COALESCE(s.name, s.id) FROM security_services"
                + " s JOIN share_network_security_services l ON l.security_service_id = s.id WHERE "
                + "l.share_network_id = :n ORDER BY s.type").bind("n", networkId).mapTo(String.class).list());
    }

    /** A phase's call failed: the server ends in that phase's error, and the shares waiting on it in error. */
    private void fail(WorkItem item, String owner, Operation phase, String why) {
        completion.finish(item, owner, h -> {
            transitions.finish(h, SHARE_SERVER, item.resourceId(), phase.name(), Outcome.failed(Failure.DRIVER, why),
                    completion.actor(owner), Map.of());
            waiting.fail(h, item.resourceId(), "its share server " + item.resourceId() + " failed while "
                    + phase.name() + ": " + why);
        });
        queue.wake();
    }

    /** Attempts ran out (services kept dying mid-phase): the server ends in the error of its phase. */
    public void giveUp(WorkItem item, String owner) {
        completion.giveUp(item, owner, h -> {
            String status = h.createQuery("SELECT status FROM share_servers WHERE id = :id")
                    .bind("id", item.resourceId()).mapTo(String.class).one();
            SHARE_SERVER.operationVia(status).ifPresent(op -> transitions.finishIfStill(h, SHARE_SERVER,
                    item.resourceId(), op.name(), Completion.gaveUp(item), completion.actor(owner)));
            if (!SHARE_SERVER.isGoing(status)) {
                waiting.fail(h, item.resourceId(), "its share server " + item.resourceId() + " was given up");
            }
        });
        queue.wake();
    }

    /** Tears the server down, then frees its addresses in the transaction that ends it. */
    private void delete(WorkItem item, String owner) {
        String id = item.resourceId();
        Outcome outcome;
        try {
            network.tearDown(id);
            outcome = Outcome.ok();
        } catch (DriverException e) {
            outcome = Outcome.failed(Failure.DRIVER, e.getMessage());
        }
        Outcome o = outcome;
        boolean gone = SHARE_SERVER.terminalState().equals(SHARE_SERVER.operation(item.operation()).stateFor(o));
        completion.finish(item, owner, h -> {
            if (gone) {
                h.createUpdate("DELETE FROM network_allocations WHERE share_server_id = :s").bind("s", id).execute();
            }
            transitions.finishIfStill(h, SHARE_SERVER, id, item.operation(), o, completion.actor(owner),
                    gone ? Map.of("deleted_at", clock.millis()) : Map.of());
        });
    }

    private static String json(Map<String, Object> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
