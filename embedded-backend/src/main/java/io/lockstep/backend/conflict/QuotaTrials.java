package io.lockstep.backend.conflict;

import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.api.statemachine.UsageDescriptor;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Trials of the quota cells, each in a project of its own so its usage is the trial's alone: two creates
 * sent together when the project is one short of its limit (exactly one may be accepted and the count
 * must end at the limit), and two operations that end one of two counted resources (the count must end
 * at one: given back once).
 */
final class QuotaTrials {

    /** A trial's outcome: the violation, if any, and the family root to show as its example. */
    record Outcome(String violation, String root) {
    }

    private static final Duration GONE = Duration.ofSeconds(30);

    private final DescriptorClient base;
    private final ExecutorService pairs;

    QuotaTrials(DescriptorClient base, ExecutorService pairs) {
        this.base = base;
        this.pairs = pairs;
    }

    Outcome run(ConflictCell c) throws Exception {
        String[] a = c.a().split("\\.", 2);
        StateMachineDescriptor m = base.machine(a[0]);
        DescriptorClient p = base.inProject("lockstep-quota-" + UUID.randomUUID().toString().substring(0, 8));
        p.unlimitedQuotas();
        return c.start().endsWith(ConflictChecker.AT_LIMIT) ? atLimit(c, m, p) : countedOnce(c, m, p);
    }

    private Outcome atLimit(ConflictCell c, StateMachineDescriptor m, DescriptorClient p) throws Exception {
        UsageDescriptor u = m.usage();
        // a child's creates go to two parents: on one they would be ordered by the parent's status instead
        StateMachineDescriptor parentKind = m.parent() == null ? null : p.machine(m.parent());
        String[] parents = parentKind == null ? new String[] {null, null, null}
                : new String[] {p.createAvailable(parentKind), p.createAvailable(parentKind), p.createAvailable(parentKind)};
        String first = p.createAvailable(m, parents[0]); // one counted: a limit of two leaves one place
        p.setQuota(u.count(), 2);
        OperationDescriptor create = DescriptorClient.operation(m, c.a().split("\\.", 2)[1]);
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<DescriptorClient.Answer> fa = pairs.submit(() -> {
            barrier.await();
            return p.create(m, create.trigger(), parents[1], p.envelope(create.trigger(), parents[1]), Role.ADMIN);
        });
        Future<DescriptorClient.Answer> fb = pairs.submit(() -> {
            barrier.await();
            return p.create(m, create.trigger(), parents[2], p.envelope(create.trigger(), parents[2]), Role.ADMIN);
        });
        DescriptorClient.Answer[] answers = {fa.get(), fb.get()};
        String root = parents[0] != null ? parents[0] : first;
        int accepted = 0;
        for (DescriptorClient.Answer x : answers) {
            if (x.accepted()) {
                accepted++;
            } else if (x.code() != 413) {
                return new Outcome("a create was answered " + x.code() + " (not 413 at the limit): " + x.body(), root);
            }
        }
        int inUse = p.inUse(u.count());
        if (accepted != 1) {
            return new Outcome(accepted + " of two creates were accepted with one " + u.count() + " left", root);
        }
        if (inUse != 2) {
            return new Outcome(u.count() + " in use is " + inUse + " after one create into the last place of 2", root);
        }
        return new Outcome(null, root);
    }

    private Outcome countedOnce(ConflictCell c, StateMachineDescriptor m, DescriptorClient p) throws Exception {
        UsageDescriptor u = m.usage();
        String parent = m.parent() == null ? null : p.createAvailable(p.machine(m.parent()));
        String raced = p.createAvailable(m, parent);
        p.createAvailable(m, parent); // a second one counted, so a usage given back twice shows
        int gigabytesBefore = p.inUse(u.gigabytes());
        OperationDescriptor x = DescriptorClient.operation(m, c.a().split("\\.", 2)[1]);
        OperationDescriptor y = DescriptorClient.operation(m, c.b().split("\\.", 2)[1]);
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<DescriptorClient.Answer> fa = pairs.submit(() -> {
            barrier.await();
            return p.start(m, x, raced, Role.ADMIN, null);
        });
        Future<DescriptorClient.Answer> fb = pairs.submit(() -> {
            barrier.await();
            return p.start(m, y, raced, Role.ADMIN, null);
        });
        DescriptorClient.Answer ax = fa.get();
        DescriptorClient.Answer ay = fb.get();
        String root = parent != null ? parent : raced;
        for (DescriptorClient.Answer answer : new DescriptorClient.Answer[] {ax, ay}) {
            if (answer.code() >= 500) {
                return new Outcome("a request was answered " + answer.code() + ": " + answer.body(), root);
            }
        }
        String end = p.awaitStatus(m, raced, s -> DescriptorClient.kind(m, s) != StateKind.TRANSITIONAL, GONE);
        int count = p.inUse(u.count());
        int gigabytes = p.inUse(u.gigabytes());
        boolean gone = DescriptorClient.kind(m, end) == StateKind.TERMINAL;
        int expected = gone ? 1 : 2;
        if (count != expected) {
            return new Outcome(u.count() + " in use is " + count + " with " + expected + " of two " + m.resource()
                    + "s left (" + m.resource() + " " + raced + " is " + end + ")", root);
        }
        if (gone && gigabytes >= gigabytesBefore || !gone && gigabytes != gigabytesBefore) {
            return new Outcome(u.gigabytes() + " went from " + gigabytesBefore + " to " + gigabytes + " though "
                    + m.resource() + " " + raced + " is " + end, root);
        }
        return new Outcome(null, root);
    }
}
