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

    private record Claimed(String proto, String projectId, List<AccessRule> add, List<AccessRule> delete) {
        boolean isEmpty() {
            return add.isEmpty() && delete.isEmpty();
        }
    }

    private final TransitionStore transitions;
    private final Completion completion;
    private final ShareDriver driver;
    private final Clock clock;
    private final Operation apply = ACCESS_RULE.operation("apply");
    private final Operation remove = ACCESS_RULE.operation("remove");

    public AccessWork(TransitionStore transitions, Completion completion, ShareDriver driver, Clock clock) {
        this.transitions = transitions;
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

    private void sync(WorkItem item, String owner) {
        String shareId = item.stringParam("share_id");
        String actor = completion.actor(owner);
        Claimed claimed = transitions.locked(ACCESS_RULE, item.resourceId(), new Holder("", "share", "worker:access"),
                h -> claim(h, shareId, item.resourceId(), actor));
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
        });
    }

    /**
     * Claims the share's queued changes, and this item's own rule if an earlier attempt claimed it and
     * died before finishing (the driver call is idempotent, so it is simply made again).
     */
    private Claimed claim(Handle h, String shareId, String ownRule, String actor) {
        StateMachine share = ACCESS_RULE.parent().orElseThrow();
        Map<String, Object> row = h.createQuery("SELECT share_proto, project_id FROM " + share.table()
                + " WHERE id = :id").bind("id", shareId).mapToMap().one();
        List<AccessRule> add = new ArrayList<>();
        List<AccessRule> delete = new ArrayList<>();
        for (AccessRule r : AccessRuleStore.ofShare(h, shareId)) {
            boolean own = r.id().equals(ownRule);
            if (apply.from().contains(r.state())) {
                transitions.begin(h, ACCESS_RULE, r.id(), apply.name(), actor, null, Map.of());
                add.add(r);
            } else if (remove.from().contains(r.state())) {
                transitions.begin(h, ACCESS_RULE, r.id(), remove.name(), actor, null, Map.of());
                delete.add(r);
            } else if (own && r.state().equals(apply.via())) {
                add.add(r);
            } else if (own && r.state().equals(remove.via())) {
                delete.add(r);
            }
        }
        return new Claimed((String) row.get("share_proto"), (String) row.get("project_id"), add, delete);
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
        });
    }
}
