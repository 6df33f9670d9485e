package io.lockstep.backend.statemachine;

import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import java.util.List;
import java.util.Set;

/**
 * One operation of a state machine, as data. Immutable.
 *
 * @param from    states it may start from (empty for {@link OperationStyle#CREATE})
 * @param via     the transitional state while it runs (null for {@link OperationStyle#SET})
 * @param success where it ends when it works; for SET, the states a caller may choose
 * @param errors  where it ends when it fails, the first being the default
 */
public record Operation(
        String name,
        OperationStyle style,
        Set<String> from,
        String via,
        List<String> success,
        List<String> errors,
        Role role,
        List<Guard> guards,
        String description) {

    public Operation {
        from = Set.copyOf(from);
        success = List.copyOf(success);
        errors = List.copyOf(errors);
        guards = List.copyOf(guards);
    }

    public String successState() {
        return success.get(0);
    }

    public String defaultErrorState() {
        return errors.isEmpty() ? null : errors.get(0);
    }

    OperationDescriptor describe(List<String> stateOrder) {
        List<String> orderedFrom = stateOrder.stream().filter(from::contains).toList();
        List<GuardDescriptor> guardDescriptors = guards.stream().map(Guard::describe).toList();
        return new OperationDescriptor(name, style.wireName(), orderedFrom, via, success, errors,
                role.wireName(), guardDescriptors, description);
    }
}
