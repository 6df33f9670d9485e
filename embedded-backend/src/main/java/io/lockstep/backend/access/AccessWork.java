package io.lockstep.backend.access;

import static io.lockstep.backend.statemachine.ResourceMachines.ACCESS_RULE;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.driver.AccessChange;
import io.lockstep.backend.driver.DriverException;
import io.lockstep.backend.driver.ShareDriver;
import io.lockstep.backend.message.MessageStore;
import io.lockstep.backend.statemachine.Failure;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.Outcome;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.Completion;
import io.lockstep.backend.work.WorkHandler;
import io.lockstep.backend.work.WorkItem;
import io.lockstep.backend.work.WorkQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The share service's side of access rules, as Manila's {@code update_access}: under the share
 * family's lock it claims every queued change of the share (each rule a test-and-set into applying or
 * denying), then makes one driver call with the add and delete lists with no lock held, then ends each
 * claimed rule in one fenced transaction. A rule the storage refuses ends in error with a user message;
 * a rule that moved meanwhile (its share deleted) is left as it is. Thread-safe.
 */
public final class AccessWork {

    /** Manila's user-message action "update access rules". */
    private static final String UPDATE_ACCESS_RULES = "010";
    private static final String UNKNOWN_ERROR = "001";

    /** What a sync claimed; {@code deferred} when another sync of the share is in flight. */
    private record Claimed(String proto, String projectId, List<AccessRule> add, List<AccessRule> delete,
                           boolean deferred) {
        boolean isEmpty() {
            return add.isEmpty() && delete.isEmpty();
        }
    }

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final Completion completion;
    private final ShareDriver driver;
    private final Clock clock;
    private final Operation apply = ACCESS_RULE.operation("apply");
    private final Operation remove = ACCESS_RULE.operation("remove");

    public AccessWork(TransitionStore transitions, WorkQueue queue, Completion completion, ShareDriver driver,
                      Clock clock) {
        this.transitions = transitions;
        this.queue = queue;
        this.completion = completion;
        this.driver = driver;
        this.clock = clock;
    }

    /** One handler for every routed operation of the kind: each queues, the sync applies them all. */
    public Map<String, WorkHandler> handlers() {
        Map<String, WorkHandler> out = new java.util.HashMap<>();
        ACCESS_RULE.operations().stream().filter(Operation::isRouted)
                .forEach(op -> out.put(ACCESS_RULE.resource() + "." + op.name(), this::sync));
        return out;
    }

    /**
     * One sync of a share's rules. Only one runs per share at a time: an item that finds another in
     * flight closes, and the one in flight, when it finishes, queues the next sync for what was asked
     * meanwhile (in its finishing transaction, so nothing queued is left behind).
     */
    private void sync(WorkItem item, String owner) {
        String shareId = item.stringParam("share_id");
        String actor = completion.actor(owner);
        Claimed claimed = transitions.locked(ACCESS_RULE, item.resourceId(), new Holder("", "share", "worker:access"),
                h -> claim(h, shareId, item.id(), actor));
        if (claimed.isEmpty()) {
            completion.finish(item, owner, h -> { });
            return;
        }
        Map<String, AccessChange.Result> results;
        String failure = null;
        try {
            results = driver.updateAccess(shareId, claimed.proto(), changes(claimed.add()), changes(claimed.delete()));
        } catch (DriverException e) {
            results = Map.of();
            failure = e.getMessage();
        }
        Map<String, AccessChange.Result> answered = results;
        String failed = failure;
        completion.finish(item, owner, h -> {
            for (AccessRule r : claimed.add()) {
                AccessChange.Result result = answered.get(r.id());
                String why = failed != null ? failed : result == null ? "the storage did not answer for it"
                        : result.applied() ? null : result.reason();
                Outcome outcome = why == null ? Outcome.ok() : Outcome.failed(Failure.DRIVER, why);
                var ended = transitions.finishIfStill(h, ACCESS_RULE, r.id(), apply.name(), outcome, actor,
                        why == null && result.accessKey() != null ? Map.of("access_key", result.accessKey()) : Map.of());
                if (why != null && ended.isPresent()) {
                    MessageStore.error(h, claimed.projectId(), "share", shareId, UPDATE_ACCESS_RULES, UNKNOWN_ERROR,
                            "update access rules: " + r.accessType() + ":" + r.accessTo() + " could not be applied: " + why,
                            clock.millis());
                }
            }
            for (AccessRule r : claimed.delete()) {
                Outcome outcome = failed == null ? Outcome.ok() : Outcome.failed(Failure.DRIVER, failed);
                boolean gone = ACCESS_RULE.terminalState().equals(remove.stateFor(outcome));
                transitions.finishIfStill(h, ACCESS_RULE, r.id(), remove.name(), outcome, actor,
                        gone ? Map.of("deleted_at", clock.millis()) : Map.of());
            }
            followUp(h, shareId);
        });
        queue.wake();
    }

    /**
     * Claims the share's queued changes for {@code itemId}, with any rule an earlier attempt of a sync
     * claimed and left (that sync's item is no longer pending, or is this one: the driver call is
     * idempotent, so it is simply made again). Claims nothing while another pending sync holds rules.
     */
    private Claimed claim(Handle h, String shareId, String itemId, String actor) {
        StateMachine share = ACCESS_RULE.parent().orElseThrow();
        Map<String, Object> row = h.createQuery("SELECT share_proto, project_id FROM " + share.table()
                + " WHERE id = :id").bind("id", shareId).mapToMap().one();
        String proto = (String) row.get("share_proto");
        String project = (String) row.get("project_id");
        Map<String, String> syncs = syncItems(h, shareId);
        List<AccessRule> rules = AccessRuleStore.ofShare(h, shareId);
        for (AccessRule r : rules) {
            String other = syncs.get(r.id());
            if (inFlight(r) && other != null && !other.equals(itemId) && queue.isPending(h, other)) {
                return new Claimed(proto, project, List.of(), List.of(), true);
            }
        }
        Map<String, Object> mine = Map.of("sync_item", itemId);
        List<AccessRule> add = new ArrayList<>();
        List<AccessRule> delete = new ArrayList<>();
        for (AccessRule r : rules) {
            if (apply.from().contains(r.state())) {
                transitions.begin(h, ACCESS_RULE, r.id(), apply.name(), actor, null, mine);
                add.add(r);
            } else if (remove.from().contains(r.state())) {
                transitions.begin(h, ACCESS_RULE, r.id(), remove.name(), actor, null, mine);
                delete.add(r);
            } else if (inFlight(r)) {
                setSyncItem(h, r.id(), itemId);
                (r.state().equals(apply.via()) ? add : delete).add(r);
            }
        }
        return new Claimed(proto, project, add, delete, false);
    }

    private boolean inFlight(AccessRule r) {
        return r.state().equals(apply.via()) || r.state().equals(remove.via());
    }

    private static Map<String, String> syncItems(Handle h, String shareId) {
        Map<String, String> out = new java.util.HashMap<>();
        h.createQuery("SELECT id, sync_item FROM " + ACCESS_RULE.table() + " WHERE share_id = :s AND sync_item IS NOT NULL")
                .bind("s", shareId).map((rs, ctx) -> out.put(rs.getString("id"), rs.getString("sync_item"))).list();
        return out;
    }

    private static void setSyncItem(Handle h, String ruleId, String itemId) {
        h.createUpdate("UPDATE " + ACCESS_RULE.table() + " SET sync_item = :item WHERE id = :id")
                .bind("item", itemId).bind("id", ruleId).execute();
    }

    /** Queues the next sync if changes were asked for while this one ran. */
    private void followUp(Handle h, String shareId) {
        AccessRuleStore.ofShare(h, shareId).stream()
                .filter(r -> apply.from().contains(r.state()) || remove.from().contains(r.state())).findFirst()
                .ifPresent(r -> queue.enqueue(h, ACCESS_RULE.resource(), r.id(),
                        ACCESS_RULE.operationVia(r.state()).orElseThrow().name(), Map.of("share_id", shareId)));
    }

    private static List<AccessChange> changes(List<AccessRule> rules) {
        return rules.stream().map(r -> new AccessChange(r.id(), r.accessType(), r.accessTo(), r.accessLevel()))
                .toList();
    }

    /** Attempts ran out: the item's own rule ends in the error of whatever step it is in. */
    public void giveUp(WorkItem item, String owner) {
        completion.giveUp(item, owner, h -> {
            String status = h.createQuery("SELECT status FROM " + ACCESS_RULE.table() + " WHERE id = :id")
                    .bind("id", item.resourceId()).mapTo(String.class).one();
            ACCESS_RULE.operationVia(status).ifPresent(op -> transitions.finishIfStill(h, ACCESS_RULE,
                    item.resourceId(), op.name(), Completion.gaveUp(item), completion.actor(owner)));
            // the rules this sync claimed end too, and what was queued behind it gets its own sync
            String shareId = item.stringParam("share_id");
            syncItems(h, shareId).forEach((rule, sync) -> {
                if (sync.equals(item.id())) {
                    String at = h.createQuery("SELECT status FROM " + ACCESS_RULE.table() + " WHERE id = :id")
                            .bind("id", rule).mapTo(String.class).one();
                    ACCESS_RULE.operationVia(at).filter(op -> op.name().equals(apply.name())
                            || op.name().equals(remove.name())).ifPresent(op -> transitions.finishIfStill(h,
                            ACCESS_RULE, rule, op.name(), Completion.gaveUp(item), completion.actor(owner)));
                }
            });
            followUp(h, shareId);
        });
        queue.wake();
    }
}
