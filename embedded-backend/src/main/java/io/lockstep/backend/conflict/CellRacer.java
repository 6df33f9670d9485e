package io.lockstep.backend.conflict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.backend.driver.HeldAnswers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Races one cell of the conflict matrix for real: a fresh family set up in the cell's starting
 * configuration through the HTTP API, the two requests released together by a barrier against the real
 * database, then, once the family is quiet, the verdict and the invariants checked. A completion cell
 * holds the worker's driver answer back ({@link HeldAnswers}) and releases it at the barrier against the
 * other request. Knows no resource kind: everything comes from the served descriptors. Thread-safe; a
 * trial takes two threads of the pair executor.
 */
public final class CellRacer {

    /** What {@link #race} found: trials run, those that broke an invariant, and the first few stories. */
    public record Result(int trials, int violations, List<String> examples, String exampleRoot, String skipped) {
        static Result skipped(String why) {
            return new Result(0, 0, List.of(), null, why);
        }

        /**
         * Two pieces of one cell's trials as one: trials and violations add up, the first few stories are
         * kept, a violating trial's root is preferred; skipped only when both were.
         */
        Result plus(Result o) {
            if (skipped != null && o.skipped != null) {
                return this;
            }
            if (skipped != null || o.skipped != null) {
                return skipped != null ? o : this;
            }
            List<String> stories = new ArrayList<>(examples);
            o.examples.stream().limit(Math.max(0, EXAMPLES - stories.size())).forEach(stories::add);
            String root = violations > 0 || o.violations == 0 ? (exampleRoot != null ? exampleRoot : o.exampleRoot)
                    : o.exampleRoot;
            return new Result(trials + o.trials, violations + o.violations, List.copyOf(stories), root, null);
        }
    }

    /** One trial; {@code counted} is false when the setup missed its moment and the trial is run again. */
    private record Trial(String violation, String root, boolean counted) {
        Trial(String violation, String root) {
            this(violation, root, true);
        }
    }

    /** What a completion trial answers when the operation has no work after its request. */
    private static final Trial IMMEDIATE = new Trial(null, null, false);
    private static final Pattern NAMED = Pattern.compile("(\\w+)=|a live (\\w+) exists");
    private static final Duration QUIET = Duration.ofSeconds(30);
    private static final Duration ARRIVAL = Duration.ofSeconds(3);
    private static final int EXAMPLES = 3;

    private final DescriptorClient d;
    private final HeldAnswers held;
    private final ExecutorService pairs;

    /**
     * @param held  the driver's held answers, for completion cells; null when the driver is not in reach
     * @param pairs runs the two sides of a trial (at least two threads per concurrent trial)
     */
    public CellRacer(DescriptorClient d, HeldAnswers held, ExecutorService pairs) {
        this.d = d;
        this.held = held;
        this.pairs = pairs;
    }

    /** Why a cell cannot be raced through the API, or empty if it can. */
    public Optional<String> unraceable(ConflictCell c) {
        if (c.start().contains("no common state") || c.start().equals("nothing")) {
            return Optional.of("the two never start from one configuration");
        }
        for (String op : List.of(c.a().replace(ConflictChecker.FINISH, ""), c.b())) {
            String kind = kindOf(op);
            boolean onDemand = madeOnDemand(kind) || d.machines().stream().anyMatch(m -> m.resource().equals(kind))
                    && d.machine(kind).operations().stream().filter(o -> op.equals(kind + "." + o.name()))
                    .flatMap(o -> o.guards().stream()).anyMatch(g -> g.kind().equals("source_in")
                            && madeOnDemand(g.resource()));
            if (onDemand) {
                return Optional.of(op + " involves a resource made, and held, by the operation that needs it (a share "
                        + "server): ShareServerTest races share creates against the server's delete with real threads");
            }
        }
        if (c.relation().equals("made-from")) {
            return Optional.of("made on another family's resource: ShareServerTest races it with real threads");
        }
        Optional<String> plain = relatedKinds(java.util.stream.Stream.of(c.a().replace(ConflictChecker.FINISH, ""),
                        c.b()).filter(op -> d.machines().stream().anyMatch(m -> m.resource().equals(kindOf(op))))
                        .toArray(String[]::new)).stream()
                .filter(kind -> d.machines().stream().noneMatch(m -> m.resource().equals(kind))).findFirst();
        if (plain.isPresent()) {
            return Optional.of("its request names a " + plain.get() + ", a plain row no machine makes: the kind's "
                    + "own API tests cover it");
        }
        if (c.relation().equals(ConflictChecker.COMPLETION)) {
            if (held == null) {
                return Optional.of("the driver is not in this racer's reach");
            }
            if (!routed(c.b())) {
                return Optional.of(c.b() + " is no request: the interleaving explorer covers it");
            }
            return routed(c.a().replace(ConflictChecker.FINISH, "")) ? Optional.empty()
                    : Optional.of("the operation is no request");
        }
        if (!routed(c.a()) || !routed(c.b())) {
            return Optional.of("one of the two is no request: the interleaving explorer covers it");
        }
        if (c.relation().equals("same")) {
            String[] rs = c.start().split("=", 2);
            StateMachineDescriptor m = d.machine(rs[0]);
            StateKind k = DescriptorClient.kind(m, rs[1]);
            if (k == StateKind.TERMINAL || k == StateKind.TRANSITIONAL && (held == null
                    || holding(m, rs[1]).isEmpty())) {
                return Optional.of("no request can leave a resource " + rs[1] + " to start from");
            }
            boolean settable = m.operations().stream().anyMatch(o -> o.name().equals("reset_status")
                    && o.success().contains(rs[1]));
            if (k == StateKind.ERROR && !settable) {
                return Optional.of("no request sets a " + m.resource() + " to " + rs[1]
                        + " (it has no reset_status): the interleaving explorer covers it");
            }
        }
        return Optional.empty();
    }

    /** A request that holds a resource in {@code state} while its driver answer is held back. */
    private static Optional<OperationDescriptor> holding(StateMachineDescriptor m, String state) {
        return m.operations().stream().filter(o -> state.equals(o.via()) && !o.style().equals("create")
                && o.trigger() != null && o.trigger().routed()).findFirst();
    }

    private boolean routed(String op) {
        if (!op.contains(".")) {
            return false;
        }
        String[] p = op.split("\\.", 2);
        if (d.machines().stream().noneMatch(m -> m.resource().equals(p[0]))) {
            return false;
        }
        StateMachineDescriptor m = d.machine(p[0]);
        return m.operations().stream().anyMatch(o -> o.name().equals(p[1]) && o.trigger() != null
                && o.trigger().routed());
    }

    /** Races {@code c} {@code trials} times; an unraceable cell comes back skipped with the reason. */
    public Result race(ConflictCell c, int trials) throws InterruptedException {
        Optional<String> why = unraceable(c);
        if (why.isPresent()) {
            return Result.skipped(why.get());
        }
        int run = 0;
        int violations = 0;
        List<String> examples = new ArrayList<>();
        String exampleRoot = null;
        int attempts = 0;
        while (run < trials && attempts++ < trials * 10) {
            Trial t;
            try {
                if (c.relation().equals(ConflictChecker.QUOTA)) {
                    QuotaTrials.Outcome o = new QuotaTrials(d, pairs).run(c);
                    t = new Trial(o.violation(), o.root());
                } else {
                    t = c.relation().equals(ConflictChecker.COMPLETION) ? completion(c) : firstSteps(c);
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                t = new Trial("the trial failed: " + e, null);
            }
            if (t == IMMEDIATE) {
                return Result.skipped("the operation begins and ends in its request's transaction: no work to hold "
                        + "against the other");
            }
            if (t == null) {
                return run == 0 ? Result.skipped("its work runs as a job, not a driver call the racer can hold")
                        : new Result(run, violations, examples, exampleRoot, null);
            }
            if (!t.counted()) {
                continue;
            }
            run++;
            if (t.violation() != null) {
                violations++;
                if (examples.size() < EXAMPLES) {
                    examples.add(t.violation());
                }
                exampleRoot = exampleRoot == null ? t.root() : exampleRoot;
            } else if (exampleRoot == null && violations == 0) {
                exampleRoot = t.root();
            }
        }
        if (run == 0) {
            return Result.skipped("the create's driver call ended before its answer could be held, in "
                    + (attempts - 1) + " attempts");
        }
        return new Result(run, violations, examples, exampleRoot, null);
    }

    /** A family in the cell's starting configuration: kind to the id raced on. */
    private Map<String, String> family(ConflictCell c, List<String> extraKinds) throws IOException, InterruptedException {
        StateMachineDescriptor root = d.machine(c.family());
        String rootId = d.createAvailable(root);
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put(root.resource(), rootId);
        List<String> kinds = new ArrayList<>(extraKinds);
        Matcher m = NAMED.matcher(c.start());
        while (m.find()) {
            kinds.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        // children last declared first: a backup is refused while its share has a live snapshot
        List<String> order = d.machines().stream().map(StateMachineDescriptor::resource).toList();
        kinds.sort((x, y) -> order.indexOf(y) - order.indexOf(x));
        for (String kind : kinds) {
            if (!rows.containsKey(kind)) {
                rows.put(kind, d.createAvailable(d.machine(kind), rootId));
            }
        }
        return rows;
    }

    /** The kinds the creates of a cell name by placeholder ({@code {snapshot_id}}), which the family must hold. */
    private List<String> relatedKinds(String... ops) {
        List<String> kinds = new ArrayList<>();
        for (String op : ops) {
            OperationDescriptor o = DescriptorClient.operation(d.machine(kindOf(op)), op.replace(ConflictChecker.FINISH,
                    "").split("\\.", 2)[1]);
            if (o.trigger() != null && o.trigger().example() != null) {
                o.trigger().example().values().forEach(v -> DescriptorClient.relatedKind(v).ifPresent(kinds::add));
            }
        }
        return kinds;
    }

    private Trial firstSteps(ConflictCell c) throws Exception {
        List<String> kinds = new ArrayList<>(List.of(kindOf(c.a()), kindOf(c.b())));
        kinds.addAll(relatedKinds(c.a(), c.b()));
        Map<String, String> rows = family(c, kinds);
        String rootId = rows.get(c.family());
        String heldId = null;
        if (c.relation().equals("same")) {
            String[] rs = c.start().split("=", 2);
            StateMachineDescriptor m = d.machine(rs[0]);
            String id = rows.get(rs[0]);
            if (DescriptorClient.kind(m, rs[1]) == StateKind.TRANSITIONAL) {
                // the start is an operation's transitional state: begin it and hold its driver answer
                OperationDescriptor x = holding(m, rs[1]).orElseThrow();
                resetTo(m, id, stableFrom(m, x));
                held.hold(id);
                heldId = id;
                DescriptorClient.Answer begun = d.start(m, x, id, Role.ADMIN, null);
                if (!begun.accepted() || !held.awaitArrival(id, ARRIVAL)) {
                    held.release(id);
                    String broken = begun.accepted() ? quiet(c, members(rows)) : "beginning " + x.name() + " to reach " + rs[1]
                            + " was refused: " + begun.code() + " " + begun.body();
                    return broken == null ? null : new Trial(broken, rootId);
                }
            } else {
                resetTo(m, id, rs[1]);
            }
        }
        // the family's driver answers wait until both requests are answered: the first one's transitional
        // state is held however late the second arrives, so "both accepted" can only mean both got through
        List<String> pairHolds = new ArrayList<>();
        if (held != null) {
            for (String id : new LinkedHashSet<>(rows.values())) {
                if (!id.equals(heldId)) {
                    held.hold(id);
                    pairHolds.add(id);
                }
            }
        }
        DescriptorClient.Answer a;
        DescriptorClient.Answer b;
        try {
            CyclicBarrier barrier = new CyclicBarrier(2);
            // both sides of one create get one body: two creates of a kind are the same request
            Map<String, ObjectNode> bodies = new LinkedHashMap<>();
            for (String op : List.of(c.a(), c.b())) {
                OperationDescriptor o = DescriptorClient.operation(d.machine(kindOf(op)), op.split("\\.", 2)[1]);
                if (DescriptorClient.isCreate(o.trigger())) {
                    bodies.computeIfAbsent(op, k -> d.envelope(o.trigger(), rootId, rows));
                }
            }
            Future<DescriptorClient.Answer> fa = pairs.submit(() -> send(c.a(), rows, rootId, bodies, barrier));
            Future<DescriptorClient.Answer> fb = pairs.submit(() -> send(c.b(), rows, rootId, bodies, barrier));
            a = fa.get();
            b = fb.get();
        } finally {
            if (heldId != null) {
                held.release(heldId);
            }
            pairHolds.forEach(held::release);
        }
        List<String[]> all = members(rows);
        created(c.a(), a).ifPresent(all::add);
        created(c.b(), b).ifPresent(all::add);
        String broken = answers(a, b);
        if (broken == null && c.verdict().equals("exclusive") && a.accepted() && b.accepted()) {
            broken = "both were accepted (" + a.code() + ", " + b.code() + ") though the pair is exclusive";
        }
        if (broken == null && c.a().equals(c.b()) && unique(c.a()) && a.accepted() && b.accepted()) {
            broken = "two identical " + c.a() + " requests were both accepted (" + a.code() + ", " + b.code()
                    + "): a duplicate got through";
        }
        return new Trial(firstNonNull(broken, quiet(c, all)), rootId);
    }

    /**
     * The worker's finish of the first operation, its driver answer held back, released at the barrier
     * against the second request; a little jitter on each side lets either commit first. Null when the
     * operation's work never reached a held driver call (it runs as a job).
     */
    private Trial completion(ConflictCell c) throws Exception {
        String[] fin = c.a().replace(ConflictChecker.FINISH, "").split("\\.", 2);
        StateMachineDescriptor m = d.machine(fin[0]);
        OperationDescriptor x = DescriptorClient.operation(m, fin[1]);
        String[] hatch = c.b().split("\\.", 2);
        OperationDescriptor y = DescriptorClient.operation(d.machine(hatch[0]), hatch[1]);
        List<String> kinds = new ArrayList<>(x.style().equals("create") ? List.of() : List.of(m.resource()));
        kinds.addAll(relatedKinds(c.a()));
        Map<String, String> rows = family(c, kinds);
        String rootId = rows.get(c.family());
        String id;
        String holdKey;
        if (x.style().equals("create")) {
            // a child's create is held by its parent's id from before the request (the driver call names
            // both); a root's only by its own, known once the create is answered
            String parentId = m.parent() == null ? null : rows.get(m.parent());
            if (parentId != null) {
                held.hold(parentId);
            }
            DescriptorClient.Answer a = d.create(m, x.trigger(), rootId, d.envelope(x.trigger(), rootId, rows),
                    Role.ADMIN);
            if (!a.accepted()) {
                if (parentId != null) {
                    held.release(parentId);
                }
                return new Trial("starting " + c.a() + " was refused: " + a.code() + " " + a.body(), rootId);
            }
            id = DescriptorClient.createdId(x.trigger(), a);
            if (DescriptorClient.kind(m, d.status(m, id)) != StateKind.TRANSITIONAL) {
                if (parentId != null) {
                    held.release(parentId);
                }
                if (held.hasPassed(id)) {
                    return missed(c, members(rows, m.resource(), id), rootId); // its driver call went by first
                }
                // begun and finished in the request's own transaction (a share network): no work to hold
                return IMMEDIATE;
            }
            holdKey = parentId != null ? parentId : id;
            if (parentId == null) {
                held.hold(id); // the create's driver call is still in its latency; if not, the trial is not counted
                if (held.hasPassed(id)) {
                    held.release(id);
                    return missed(c, members(rows, m.resource(), id), rootId);
                }
            }
        } else {
            id = rows.get(m.resource());
            resetTo(m, id, stableFrom(m, x));
            held.hold(id);
            holdKey = id;
            DescriptorClient.Answer a = d.start(m, x, id, Role.ADMIN, null);
            if (!a.accepted()) {
                held.release(id);
                return new Trial("starting " + c.a() + " was refused: " + a.code() + " " + a.body(), rootId);
            }
        }
        if (!held.awaitArrival(holdKey, ARRIVAL)) {
            held.release(holdKey);
            String broken = quiet(c, members(rows, m.resource(), id));
            // a create whose driver call went by unheld is tried again; one that made no driver call at all
            // runs as a job, which no hold can catch
            return broken != null ? new Trial(broken, rootId)
                    : x.style().equals("create") && held.hasPassed(id) ? retryLater() : null;
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        Future<?> finish = pairs.submit(jittered(barrier, () -> {
            held.release(holdKey);
            return null;
        }));
        Future<DescriptorClient.Answer> fb = pairs.submit(jittered(barrier, () -> d.start(d.machine(hatch[0]), y, id,
                Role.ADMIN, null, y.trigger().example())));
        finish.get();
        DescriptorClient.Answer b = fb.get();
        String broken = firstNonNull(answers(b), quiet(c, members(rows, m.resource(), id)));
        if (broken == null && b.accepted()) {
            String end = d.status(m, id);
            List<String> allowed = y.style().equals("set") ? List.of(String.valueOf(y.trigger().example() == null
                    ? y.success().get(0) : y.trigger().example().getOrDefault("status", y.success().get(0))))
                    : concat(y.success(), y.errors());
            if (!allowed.contains(end)) {
                broken = c.b() + " was accepted, yet the " + m.resource() + " ended " + end + " (expected one of "
                        + allowed + "): the late finish wrote over it";
            }
        }
        return new Trial(broken, rootId);
    }

    /** A create whose driver call went by before it could be held (a loaded node): checked, then tried again. */
    private Trial missed(ConflictCell c, List<String[]> family, String rootId) throws IOException, InterruptedException {
        String broken = quiet(c, family);
        return broken != null ? new Trial(broken, rootId) : retryLater();
    }

    /** Not a trial (a create whose driver call ended before its hold was set); the next one is. */
    private static Trial retryLater() {
        return new Trial(null, null, false);
    }

    private static <T> Callable<T> jittered(CyclicBarrier barrier, Callable<T> body) {
        return () -> {
            barrier.await();
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 25)); // jitter lets either side commit first
            return body.call();
        };
    }

    private static String stableFrom(StateMachineDescriptor m, OperationDescriptor x) {
        return x.from().stream().filter(s -> DescriptorClient.kind(m, s) == StateKind.STABLE).findFirst()
                .orElse(x.from().get(0));
    }

    private void resetTo(StateMachineDescriptor m, String id, String state) throws IOException, InterruptedException {
        if (d.status(m, id).equals(state)) {
            return;
        }
        DescriptorClient.Answer reset = d.start(m, DescriptorClient.operation(m, "reset_status"), id, Role.ADMIN, null,
                Map.of("status", state));
        if (!reset.accepted()) {
            throw new IllegalStateException("could not set the " + m.resource() + " to " + state + ": " + reset.body());
        }
    }

    private DescriptorClient.Answer send(String op, Map<String, String> rows, String rootId,
                                         Map<String, ObjectNode> bodies, CyclicBarrier barrier) throws Exception {
        String[] p = op.split("\\.", 2);
        StateMachineDescriptor m = d.machine(p[0]);
        OperationDescriptor o = DescriptorClient.operation(m, p[1]);
        barrier.await();
        if (DescriptorClient.isCreate(o.trigger())) {
            return d.create(m, o.trigger(), rootId, bodies.get(op), Role.ADMIN);
        }
        return d.start(m, o, rows.get(m.resource()), Role.ADMIN, null);
    }

    /** The resource a create made (a new root is a family of its own and is left out). */
    private Optional<String[]> created(String op, DescriptorClient.Answer answer) {
        String[] p = op.split("\\.", 2);
        StateMachineDescriptor m = d.machine(p[0]);
        OperationDescriptor o = DescriptorClient.operation(m, p[1]);
        if (DescriptorClient.isCreate(o.trigger()) && answer.accepted() && m.parent() != null) {
            return Optional.of(new String[] {p[0], DescriptorClient.createdId(o.trigger(), answer)});
        }
        return Optional.empty();
    }

    private static String answers(DescriptorClient.Answer... all) {
        for (DescriptorClient.Answer x : all) {
            if (x.code() >= 500) {
                return "a request was answered " + x.code() + ": " + x.body();
            }
        }
        return null;
    }

    /**
     * Waits until nothing in the family is transitional, then checks: no child outlives its parent, and
     * each resource's transition events form one chain (each from where the last one left it, ending
     * where the resource is): one event per transition, no finish written over another's.
     */
    private String quiet(ConflictCell c, List<String[]> all) throws IOException, InterruptedException {
        StateMachineDescriptor root = d.machine(c.family());
        OperationDescriptor migrate = root.operations().stream().filter(o -> o.name().equals("migrate")).findFirst()
                .orElse(null);
        long deadline = System.nanoTime() + QUIET.toNanos();
        try (Pace pace = d.pace(all.stream().map(r -> r[1]).distinct().toList())) {
            while (true) {
                pace.mark();
                String busy = null;
                for (String[] r : all) {
                    StateMachineDescriptor m = d.machine(r[0]);
                    String s = d.status(m, r[1]);
                    if (migrate != null && m == root && s.equals(migrate.via())) {
                        // a migration waits for its operator: end it as an operator would
                        d.send("POST", d.path(migrate.trigger().path().replace("{id}", r[1])),
                                d.mapper().readTree("{\"migration_cancel\": null}"), Role.ADMIN, null);
                    }
                    if (DescriptorClient.kind(m, s) == StateKind.TRANSITIONAL) {
                        busy = r[0] + " " + r[1] + " still " + s;
                        break;
                    }
                }
                if (busy == null) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return "the family never went quiet: " + busy + " after " + QUIET.toSeconds() + " s";
                }
                pace.await();
            }
        }
        String rootId = all.get(0)[1];
        if (DescriptorClient.kind(root, d.status(root, rootId)) == StateKind.TERMINAL) {
            for (String[] r : all) {
                StateMachineDescriptor m = d.machine(r[0]);
                String s = d.status(m, r[1]);
                if (DescriptorClient.kind(m, s) != StateKind.TERMINAL) {
                    return r[0] + " " + r[1] + " is " + s + " though its " + root.resource() + " is gone";
                }
            }
        }
        for (String[] r : all) {
            String broken = chain(d.machine(r[0]), r[1]);
            if (broken != null) {
                return broken;
            }
        }
        return null;
    }

    private String chain(StateMachineDescriptor m, String id) throws IOException, InterruptedException {
        List<JsonNode> events = d.transitions(m.resource(), id);
        String at = null;
        for (JsonNode e : events) {
            String from = e.path("from").isNull() ? null : e.path("from").asText(null);
            if (!Objects.equals(from, at)) {
                return m.resource() + " " + id + ": event " + e.path("id").asText() + " moves it from " + from
                        + " but it was " + at + " (two writers on one row)";
            }
            at = e.path("to").asText();
        }
        String now = d.status(m, id);
        if (!events.isEmpty() && !now.equals(at)) {
            return m.resource() + " " + id + " is " + now + " but its last event left it " + at
                    + " (a change without its event)";
        }
        return null;
    }

    /** The family's rows as (kind, id) pairs, root first, with any {@code extra} (kind, id) appended. */
    private static List<String[]> members(Map<String, String> rows, String... extra) {
        List<String[]> all = new ArrayList<>();
        rows.forEach((kind, id) -> all.add(new String[] {kind, id}));
        if (extra.length == 2) {
            all.add(extra);
        }
        return all;
    }

    /** Whether the operation is a create with a {@code unique} guard: two identical ones cannot both pass. */
    private boolean unique(String op) {
        OperationDescriptor o = DescriptorClient.operation(d.machine(kindOf(op)), op.split("\\.", 2)[1]);
        return DescriptorClient.isCreate(o.trigger()) && o.guards().stream().anyMatch(g -> g.kind().equals("unique"));
    }

    /** Whether the kind is made by another kind's operation ({@code made_by}) rather than a request of its own. */
    private boolean madeOnDemand(String kind) {
        return d.machines().stream().filter(m -> m.resource().equals(kind)).flatMap(m -> m.operations().stream())
                .anyMatch(o -> o.trigger() != null && o.trigger().kind().equals("made_by"));
    }

    private static String kindOf(String op) {
        return op.split("\\.", 2)[0];
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
