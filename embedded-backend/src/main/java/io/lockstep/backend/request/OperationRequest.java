package io.lockstep.backend.request;

import io.lockstep.backend.coordination.Holder;
import io.lockstep.backend.statemachine.Operation;
import io.lockstep.backend.statemachine.StateMachine;

/**
 * A caller's request to run one declared operation on one resource, as the request path made it:
 * the caller's role has been checked against the operation's, and the status the caller saw (if it
 * said) has been validated against the machine. Services take nothing less. Immutable.
 *
 * @param id   the resource's id; for a create, the new resource's id is chosen by the service
 * @param seen the status the caller saw, or null when it did not say
 * @param requestId the request's {@code X-Openstack-Request-Id}, for the user messages its work may leave
 */
public record OperationRequest(Caller caller, StateMachine machine, Operation operation, String id, String seen,
                               String requestId) {

    public String actor() {
        return caller.actor();
    }

    /** The project the caller may touch, or null for an admin. */
    public String scope() {
        return caller.scope();
    }

    /** Who holds the family lock while the request's transition is written. */
    public Holder holder(String node) {
        return new Holder(node, "api", "api:" + machine.resource() + "." + operation.name());
    }
}
