package io.lockstep.backend.access;

import static io.lockstep.backend.statemachine.ResourceMachines.ACCESS_RULE;

import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.metadata.Metadata;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.transition.TransitionStore;
import io.lockstep.backend.work.WorkQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Access rule commands as the API runs them: each queues a change under the share family's lock (the
 * rule's state test-and-set, the share's status read by the declared guard, a duplicate refused) and a
 * work item for the share service, which applies every queued change of the share in one driver call.
 * Thread-safe.
 */
public final class AccessService {

    private final TransitionStore transitions;
    private final WorkQueue queue;
    private final String nodeId;

    public AccessService(TransitionStore transitions, WorkQueue queue, String nodeId) {
        this.transitions = transitions;
        this.queue = queue;
        this.nodeId = nodeId;
    }

    /**
     * Queues a new rule.
     *
     * @param refuseOnErrors Manila before 2.28: refused while any rule of the share is in error
     */
    public AccessRule allow(OperationRequest r, String shareId, AccessTarget target, Map<String, String> metadata,
                            boolean refuseOnErrors) {
        String id = UUID.randomUUID().toString();
        Caller c = r.caller();
        StateMachine share = ACCESS_RULE.parent().orElseThrow();
        AccessRule created = transitions.locked(transitions.lockOfNew(ACCESS_RULE, id, shareId), r.holder(nodeId), h -> {
            String project = h.createQuery("SELECT project_id FROM " + share.table() + " WHERE id = :id AND status <> :gone"
                            + (c.scope() == null ? "" : " AND project_id = :project"))
                    .bind("id", shareId).bind("gone", share.terminalState()).bind("project", c.scope())
                    .mapTo(String.class).findOne().orElseThrow(() -> new ResourceNotFound(share.noun(), shareId));
            if (refuseOnErrors && AccessRuleStore.ofShare(h, shareId).stream()
                    .anyMatch(rule -> ACCESS_RULE.statesOfKind(StateKind.ERROR).contains(rule.state()))) {
                throw new InvalidRequest("share_id", "Access rules cannot be added while the share has its "
                        + "access_rules_status set to error. Deny any rules in error state and try again.");
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("share_id", shareId);
            columns.put("user_id", c.actor());
            columns.put("access_type", target.type());
            columns.put("access_to", target.to());
            columns.put("access_level", target.level());
            columns.put("metadata", Metadata.write(metadata));
            transitions.create(h, ACCESS_RULE, id, project, columns, r.actor());
            queue.enqueue(h, ACCESS_RULE.resource(), id, r.operation().name(), Map.of("share_id", shareId));
            return AccessRuleStore.find(h, id, null).orElseThrow();
        });
        queue.wake();
        return created; // as the request left it: a worker may claim it the moment it commits
    }

    /** Queues the removal of a rule of {@code shareId} (404 if it is no rule of that share). */
    public void deny(OperationRequest r, String shareId) {
        transitions.locked(ACCESS_RULE, r.id(), r.holder(nodeId), h -> {
            rule(h, r.caller(), r.id(), shareId);
            transitions.begin(h, r, Map.of());
            return queue.enqueue(h, ACCESS_RULE.resource(), r.id(), r.operation().name(), Map.of("share_id", shareId));
        });
        queue.wake();
    }

    private static AccessRule rule(Handle h, Caller c, String id, String shareId) {
        return AccessRuleStore.find(h, id, c.scope()).filter(rule -> rule.shareId().equals(shareId))
                .orElseThrow(() -> new ResourceNotFound("access rule", id));
    }
}
