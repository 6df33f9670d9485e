package io.lockstep.backend.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.auth.Role;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.backend.conflict.DescriptorClient;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.api.conflict.RaceRun;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays a {@link Scenario} against a running lab through its public API, as an admin: each step's
 * actions in order, then its checks, each waiting up to its {@code within} for what it expects. Every
 * check's outcome goes to the {@link Listener} as it is known; a failed check does not stop the run
 * (the rest still tell a trainer something), but the result says it failed. One run per instance.
 */
public final class ScenarioRunner implements AutoCloseable {

    /** Hears a run as it goes (the command line prints; the console's guided panel ticks). */
    public interface Listener {
        void step(int index, Scenario.Step step);

        void checked(Outcome outcome);
    }

    /** A check's outcome: {@code step} is the step's index, from 0. */
    public record Outcome(int step, String says, boolean passed, String detail) {
    }

    /** How the run ended: every check's outcome, in order. */
    public record Result(String scenario, List<Outcome> outcomes) {
        public boolean passed() {
            return outcomes.stream().allMatch(Outcome::passed);
        }

        public long failed() {
            return outcomes.stream().filter(o -> !o.passed()).count();
        }
    }

    private static final Duration DEFAULT_WITHIN = Duration.ofSeconds(30);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");

    /** What an alias stands for: a resource of a kind, or a value kept by a step. */
    private record Kept(String kind, String id, Object value) {
        String text() {
            return id != null ? id : String.valueOf(value);
        }
    }

    private final URI lab;
    private final String adminToken;
    private final Supplier<NaiveService> naiveFactory;
    private final DescriptorClient api;
    private final ObjectMapper json;
    private final Map<String, Kept> kept = new HashMap<>();
    private final String project;
    private NaiveService naive;
    private DescriptorClient naiveApi;

    /** A naive node for the races' other half, and how to reach it; closed with the runner. */
    public interface NaiveService extends AutoCloseable {
        URI uri();

        String adminToken();

        @Override
        void close();
    }

    public ScenarioRunner(URI lab, String adminToken, String project, Supplier<NaiveService> naiveFactory)
            throws IOException, InterruptedException {
        this.lab = lab;
        this.adminToken = adminToken;
        this.naiveFactory = naiveFactory;
        this.project = project;
        this.api = new DescriptorClient(lab, Map.of(Role.ADMIN, adminToken, Role.OPERATOR, adminToken), project);
        this.json = api.mapper();
    }

    public Result run(Scenario scenario, Listener listener) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < scenario.steps().size(); i++) {
            outcomes.addAll(runStep(scenario, i, listener));
        }
        return new Result(scenario.name(), List.copyOf(outcomes));
    }

    /**
     * Sets the lab's driver as the scenario asks (a console's lab is already running: its nodes are
     * what they are). {@link ScenarioPlayer} starts a fresh lab set up as asked instead.
     */
    public void prepare(Scenario scenario) throws IOException, InterruptedException {
        if (scenario.lab().driver() != null) {
            DescriptorClient.Answer a = api.send("PUT", "/lockstep/v1/lab/driver", json.valueToTree(scenario.lab().driver()),
                    Role.ADMIN, null);
            if (a.code() >= 400) {
                throw new IllegalStateException("setting the lab's driver was refused: " + a.code() + " " + a.message());
            }
        }
    }

    /** Runs step {@code i}: its actions in order, then its checks; the outcomes, as the listener heard them. */
    public List<Outcome> runStep(Scenario scenario, int i, Listener listener) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>();
        Scenario.Step step = scenario.steps().get(i);
        listener.step(i, step);
        String failedAction = null;
        for (Scenario.Action a : step.actions()) {
            try {
                act(a);
            } catch (IOException | RuntimeException e) {
                failedAction = describe(a) + " failed: " + e.getMessage();
                break;
            }
        }
        for (Scenario.Check c : step.checks()) {
            Outcome o = failedAction != null ? new Outcome(i, c.says(), false, failedAction) : check(i, c);
            outcomes.add(o);
            listener.checked(o);
        }
        if (failedAction != null && step.checks().isEmpty()) {
            Outcome o = new Outcome(i, describe(step.actions().get(0)), false, failedAction);
            outcomes.add(o);
            listener.checked(o);
        }
        return outcomes;
    }

    private void act(Scenario.Action action) throws IOException, InterruptedException {
        if (action instanceof Scenario.Action.Create c) {
                StateMachineDescriptor m = api.machine(c.resource());
                String id = c.parent() == null ? api.createAvailable(m) : api.createAvailable(m, ref(c.parent()).id());
                kept.put(c.as(), new Kept(c.resource(), id, null));
        } else if (action instanceof Scenario.Action.Run r) {
                String[] op = r.op().split("\\.", 2);
                StateMachineDescriptor m = api.machine(op[0]);
                OperationDescriptor o = DescriptorClient.operation(m, op[1]);
                Kept target = r.on() == null ? null : ref(r.on());
                String seen = target == null ? null : api.status(m, target.id());
                Map<String, Object> args = new HashMap<>(o.trigger().example() == null ? Map.of() : o.trigger().example());
                if (r.args() != null) {
                    r.args().forEach((k, v) -> args.put(k, v instanceof String s ? substitute(s) : v));
                }
                DescriptorClient.Answer a = api.start(m, o, target == null ? null : target.id(), Role.ADMIN, seen, args);
                if (r.as() != null) {
                    kept.put(r.as(), new Kept(null, null, a));
                }
        } else if (action instanceof Scenario.Action.Call c) {
                JsonNode body = c.body() == null ? null : json.readTree(substitute(c.body().toString()));
                DescriptorClient.Answer a = api.send(c.method().toUpperCase(Locale.ROOT), substitute(c.path()), body,
                        Role.ADMIN, null);
                if (a.code() >= 400) {
                    throw new IllegalStateException(c.method() + " " + c.path() + " answered " + a.code() + ": "
                            + a.message());
                }
                if (c.as() != null && c.creates() != null) {
                    StateMachineDescriptor m = api.machine(c.creates());
                    String id = DescriptorClient.createdId(DescriptorClient.createTrigger(m), a);
                    kept.put(c.as(), new Kept(c.creates(), id, null));
                    api.awaitStatus(m, id, st -> DescriptorClient.kind(m, st) != StateKind.TRANSITIONAL, DEFAULT_WITHIN);
                } else if (c.as() != null) {
                    kept.put(c.as(), new Kept(null, null, a));
                }
        } else if (action instanceof Scenario.Action.Race r) {
            kept.put(r.as(), new Kept(null, null, race(r)));
        } else if (action instanceof Scenario.Action.Remember r) {
            String value = String.valueOf(read(r.path(), r.list(), r.where(), r.field())
                    .orElseThrow(() -> new IllegalStateException("nothing at " + r.path() + " matches " + r.where())));
            kept.put(r.as(), new Kept(null, null, r.after() == null || !value.contains(r.after()) ? value
                    : value.substring(value.indexOf(r.after()) + r.after().length())));
        }
    }

    private RaceRun race(Scenario.Action.Race r) throws IOException, InterruptedException {
        boolean naiveSide = "naive".equals(r.service());
        if (naiveSide && naive == null) {
            naive = naiveFactory.get();
        }
        DescriptorClient on = naiveSide ? naiveClient() : api;
        RaceRequest request = new RaceRequest(null, r.a(), r.b(), null, r.trials() == null ? 10 : r.trials(), null);
        DescriptorClient.Answer started = on.send("POST", "/lockstep/v1/conflicts/races", json.valueToTree(request),
                Role.ADMIN, null);
        if (started.code() != 202) {
            throw new IllegalStateException("the race of " + r.a() + " against " + r.b() + " was refused: "
                    + started.code() + " " + started.message());
        }
        RaceRun run = json.treeToValue(started.body(), RaceRun.class);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (run.running() && System.nanoTime() < deadline) {
            Thread.sleep(200); // following a run the node drives
            run = json.treeToValue(on.send("GET", "/lockstep/v1/conflicts/races/" + run.id(), null, Role.ADMIN, null)
                    .body(), RaceRun.class);
        }
        if (run.cells() == 0) {
            throw new IllegalStateException("no cell of the conflict matrix races " + r.a() + " against " + r.b());
        }
        return run;
    }

    private DescriptorClient naiveClient() throws IOException, InterruptedException {
        if (naiveApi == null) {
            naiveApi = new DescriptorClient(naive.uri(), Map.of(Role.ADMIN, naive.adminToken(), Role.OPERATOR,
                    naive.adminToken()), project);
        }
        return naiveApi;
    }

    private Outcome check(int step, Scenario.Check check) throws InterruptedException {
        Integer seconds = check instanceof Scenario.Check.Status s ? s.within()
                : check instanceof Scenario.Check.Value v ? v.within() : Integer.valueOf(0);
        Duration within = seconds == null ? DEFAULT_WITHIN : Duration.ofSeconds(seconds);
        long deadline = System.nanoTime() + within.toNanos();
        String detail;
        while (true) {
            try {
                detail = holds(check);
            } catch (IOException | RuntimeException e) {
                detail = "could not tell: " + e.getMessage();
            }
            if (detail == null || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(100); // waiting on the lab, as an operator watching it would
        }
        return new Outcome(step, check.says(), detail == null, detail == null ? heldAs(check) : detail);
    }

    /** What a held check found, where the number matters (a race's trials and violations). */
    private String heldAs(Scenario.Check check) {
        if (check instanceof Scenario.Check.RaceResult r && ref(r.of()).value() instanceof RaceRun run) {
            return run.violations() + " violations in " + run.trials() + " trials";
        }
        return "holds";
    }

    /** Null when the check holds, else what was found instead. */
    private String holds(Scenario.Check check) throws IOException, InterruptedException {
        if (check instanceof Scenario.Check.Status s) {
                Kept r = ref(s.of());
                String status = api.status(api.machine(r.kind()), r.id());
                List<String> wanted = s.is() != null ? List.of(s.is()) : s.in();
                return wanted.contains(status) ? null : s.of() + " is " + status + ", not " + String.join(" or ", wanted);
        }
        if (check instanceof Scenario.Check.Answer a) {
                DescriptorClient.Answer answer = (DescriptorClient.Answer) ref(a.of()).value();
                boolean ok = a.code() != null ? answer.code() == a.code() : answer.accepted() == Boolean.TRUE.equals(a.accepted());
                return ok ? null : a.of() + " was answered " + answer.code() + (answer.code() >= 400 ? ": "
                        + answer.message() : "");
        }
        if (check instanceof Scenario.Check.RaceResult r) {
                RaceRun run = (RaceRun) ref(r.of()).value();
                boolean ok = r.violations() != null ? run.violations() == r.violations()
                        : run.violations() >= r.atLeast();
                return ok ? null : r.of() + ": " + run.violations() + " violations in " + run.trials() + " trials of "
                        + run.cells() + " cells";
        }
        Scenario.Check.Value v = (Scenario.Check.Value) check;
        {
                Optional<Object> found = read(v.path(), v.list(), v.where(), v.field());
                if (v.present() != null) {
                    return found.isPresent() == v.present() ? null
                            : (found.isPresent() ? "found " + found.get() : "found nothing") + " at " + v.path();
                }
                if (found.isEmpty()) {
                    return "nothing at " + v.path() + " matches " + v.where();
                }
                String value = String.valueOf(found.get());
                if (v.equalTo() != null && !value.equals(substitute(v.equalTo()))) {
                    return v.field() + " is " + value + ", not " + substitute(v.equalTo());
                }
                if (v.not() != null && value.equals(substitute(v.not()))) {
                    return v.field() + " is still " + value;
                }
                if (v.above() != null && !(Double.parseDouble(value) > Double.parseDouble(substitute(v.above())))) {
                    return v.field() + " is " + value + ", not above " + substitute(v.above());
                }
                return null;
        }
    }

    private Optional<Object> read(String path, String list, Map<String, String> where, String field)
            throws IOException, InterruptedException {
        DescriptorClient.Answer a = api.send("GET", substitute(path), null, Role.ADMIN, null);
        if (a.code() >= 400) {
            throw new IllegalStateException("GET " + path + " answered " + a.code() + ": " + a.message());
        }
        JsonNode node = a.body();
        List<JsonNode> candidates = new ArrayList<>();
        if (list == null) {
            candidates.add(node);
        } else {
            node.path(list).forEach(candidates::add);
        }
        for (JsonNode c : candidates) {
            boolean matches = where == null || where.entrySet().stream()
                    .allMatch(w -> at(c, w.getKey()).asText().equals(substitute(w.getValue())));
            if (matches) {
                JsonNode v = field == null ? c : at(c, field);
                return v.isMissingNode() || v.isNull() ? Optional.empty()
                        : Optional.of(v.isValueNode() ? v.asText() : v.toString());
            }
        }
        return Optional.empty();
    }

    private static JsonNode at(JsonNode n, String dotted) {
        JsonNode here = n;
        for (String part : dotted.split("\\.")) {
            here = here.path(part);
        }
        return here;
    }

    private Kept ref(String alias) {
        Kept k = kept.get(alias);
        if (k == null) {
            throw new IllegalArgumentException("'" + alias + "' was not made or kept by an earlier step");
        }
        return k;
    }

    private String substitute(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(ref(m.group(1)).text()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String describe(Scenario.Action a) {
        if (a instanceof Scenario.Action.Create c) {
            return "create " + c.resource() + " " + c.as();
        } else if (a instanceof Scenario.Action.Run r) {
            return r.op() + (r.on() == null ? "" : " on " + r.on());
        } else if (a instanceof Scenario.Action.Call c) {
            return c.method() + " " + c.path();
        } else if (a instanceof Scenario.Action.Race r) {
            return "race " + r.a() + " against " + r.b() + " (" + r.service() + ")";
        }
        return "remember " + ((Scenario.Action.Remember) a).as();
    }

    @Override
    public void close() {
        if (naive != null) {
            naive.close();
        }
    }
}
