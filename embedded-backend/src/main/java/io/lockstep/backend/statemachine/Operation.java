package io.lockstep.backend.statemachine;

import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One operation of a state machine, as data: where it may start, the state it holds while it runs,
 * where it ends for each outcome, who may run it, what guards it and how a client starts it. Immutable.
 *
 * @param from     states it may start from (empty for {@link OperationStyle#CREATE})
 * @param via      the transitional state while it runs (null for {@link OperationStyle#SET})
 * @param success  where it ends when it works; for SET, the states a caller may choose
 * @param errors   where it ends when it fails, the first being the default
 * @param role     the least role that may run it; the request path checks it, nothing else does
 * @param failures the state for a failure that does not end in the default error state
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
        Trigger trigger,
        Map<Failure, String> failures,
        String description) {

    public Operation {
        from = Set.copyOf(from);
        success = List.copyOf(success);
        errors = List.copyOf(errors);
        guards = List.copyOf(guards);
        failures = Map.copyOf(failures);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String successState() {
        return success.get(0);
    }

    public String defaultErrorState() {
        return errors.isEmpty() ? null : errors.get(0);
    }

    /** The state a worker's outcome ends this operation in. */
    public String stateFor(Outcome outcome) {
        if (outcome instanceof Outcome.Failed f) {
            return failures.getOrDefault(f.why(), defaultErrorState());
        }
        return successState();
    }

    /** Whether a client may start it with a request of its own. */
    public boolean isRouted() {
        return !(trigger instanceof Trigger.Internal) && !(trigger instanceof Trigger.ParentEnds)
                && !(trigger instanceof Trigger.MadeBy);
    }

    /**
     * This operation as an instance follows it: the same states, role and description, no guards of its
     * own (the leader's run where the change is made) and {@code how} as its trigger.
     */
    public Operation followed(Trigger how) {
        return new Operation(name, style, from, via, success, errors, role, List.of(), how, failures, description);
    }

    OperationDescriptor describe(List<String> stateOrder, Wire wire) {
        List<String> orderedFrom = stateOrder.stream().filter(from::contains).toList();
        List<GuardDescriptor> guardDescriptors = guards.stream().map(Guard::describe).toList();
        return new OperationDescriptor(name, style.wireName(), orderedFrom, via, success, errors,
                role.wireName(), guardDescriptors, description, trigger.describe(wire));
    }

    /** Declares an operation; the role defaults to operator, the trigger to {@link Trigger.Internal}. */
    public static final class Builder {
        private final String name;
        private OperationStyle style = OperationStyle.ASYNC;
        private final Set<String> from = new LinkedHashSet<>();
        private String via;
        private final List<String> success = new ArrayList<>();
        private final List<String> errors = new ArrayList<>();
        private Role role = Role.OPERATOR;
        private final List<Guard> guards = new ArrayList<>();
        private Trigger trigger = new Trigger.Internal();
        private final Map<Failure, String> failures = new EnumMap<>(Failure.class);

        private Builder(String name) {
            this.name = name;
        }

        /** Inserts the resource in {@code transitional}. */
        public Builder creates(String transitional) {
            this.style = OperationStyle.CREATE;
            this.via = transitional;
            return this;
        }

        /** Moves from one of {@code states} into {@code transitional} until a worker ends it. */
        public Builder moves(Set<String> states, String transitional) {
            this.style = OperationStyle.ASYNC;
            this.from.addAll(states);
            this.via = transitional;
            return this;
        }

        /** Sets the status the caller names, from any of {@code states}, in one step. */
        public Builder sets(Set<String> states, List<String> settable) {
            this.style = OperationStyle.SET;
            this.from.addAll(states);
            this.success.addAll(settable);
            return this;
        }

        public Builder success(String... states) {
            success.addAll(List.of(states));
            return this;
        }

        public Builder errors(String... states) {
            errors.addAll(List.of(states));
            return this;
        }

        /** A failure of this kind ends in {@code state} rather than the default error state. */
        public Builder onFailure(Failure why, String state) {
            failures.put(why, state);
            return this;
        }

        public Builder role(Role r) {
            this.role = r;
            return this;
        }

        public Builder guards(Guard... g) {
            guards.addAll(List.of(g));
            return this;
        }

        public Builder trigger(Trigger t) {
            this.trigger = t;
            return this;
        }

        public Operation describedAs(String description) {
            return new Operation(name, style, from, via, success, errors, role, guards, trigger, failures,
                    description);
        }
    }
}
