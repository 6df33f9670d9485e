package io.lockstep.backend.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.lab.ScenarioList;
import io.lockstep.api.lab.ScenarioRun;
import io.lockstep.api.lab.ScenarioView;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lab's scenarios, played step by step for the console's guided panel:
 * {@code GET /lockstep/v1/lab/scenarios}, {@code POST /lockstep/v1/lab/scenarios/{name}/runs} (a run,
 * with the lab's driver set as the scenario asks), {@code POST .../scenario-runs/{id}/next} (the next
 * step, in the background: 202) and {@code GET .../scenario-runs/{id}} (its outcomes so far). A step
 * acts with the caller's own token, through the public API, as {@code lab --scenario} does.
 */
public final class ScenarioRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT_RUNS = 16;

    private final Supplier<URI> api;
    private final Function<DriverSettings, ScenarioRunner.NaiveService> naive;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService steps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab-scenario-step");
        t.setDaemon(true);
        return t;
    });

    private static final class Run {
        final String id = UUID.randomUUID().toString();
        final Scenario scenario;
        final ScenarioRunner runner;
        final List<ScenarioRun.Outcome> outcomes = new ArrayList<>();
        int done;
        boolean running;
        String problem;

        Run(Scenario scenario, ScenarioRunner runner) {
            this.scenario = scenario;
            this.runner = runner;
        }

        synchronized ScenarioRun view() {
            return new ScenarioRun(id, scenario.name(), scenario.steps().size(), done, running, List.copyOf(outcomes),
                    problem);
        }
    }

    public ScenarioRoutes(Supplier<URI> api, Function<DriverSettings, ScenarioRunner.NaiveService> naive) {
        this.api = api;
        this.naive = naive;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/lab/scenarios", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_LAB);
            json(ctx, 200, new ScenarioList(Scenarios.bundled().stream().map(ScenarioRoutes::view).toList()));
        });
        app.post("/lockstep/v1/lab/scenarios/{name}/runs", ctx -> {
            Caller caller = Requests.authorize(ctx, Privileged.MANAGE_LAB);
            Scenario s = Scenarios.named(ctx.pathParam("name")).orElseThrow(() -> new ApiError(404,
                    "No scenario named '" + ctx.pathParam("name") + "'; the bundled ones are "
                            + Scenarios.bundled().stream().map(Scenario::name).toList() + "."));
            String token = ctx.header("X-Auth-Token");
            DriverSettings driver = s.lab().driver() == null ? DriverSettings.DEFAULTS
                    : DriverSettings.DEFAULTS.merge(s.lab().driver());
            ScenarioRunner runner = new ScenarioRunner(api.get(), token, caller.projectId(), () -> naive.apply(driver));
            Run run = new Run(s, runner);
            try {
                runner.prepare(s);
            } catch (java.io.IOException | RuntimeException e) {
                run.problem = e.getMessage();
            }
            keep(run);
            json(ctx, 201, run.view());
        });
        app.post("/lockstep/v1/lab/scenario-runs/{id}/next", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_LAB);
            Run run = run(ctx);
            synchronized (run) {
                if (run.running || run.done >= run.scenario.steps().size()) {
                    throw new ApiError(409, run.running ? "A step of this run is still running."
                            : "Every step of this run has run; start a new run to play it again.");
                }
                run.running = true;
            }
            steps.submit(() -> step(run));
            json(ctx, 202, run.view());
        });
        app.get("/lockstep/v1/lab/scenario-runs/{id}", ctx -> {
            Requests.authorize(ctx, Privileged.MANAGE_LAB);
            json(ctx, 200, run(ctx).view());
        });
    }

    private void step(Run run) {
        int i;
        synchronized (run) {
            i = run.done;
        }
        try {
            run.runner.runStep(run.scenario, i, new ScenarioRunner.Listener() {
                @Override
                public void step(int index, Scenario.Step step) {
                }

                @Override
                public void checked(ScenarioRunner.Outcome o) {
                    synchronized (run) {
                        run.outcomes.add(new ScenarioRun.Outcome(o.step(), o.says(), o.passed(), o.detail()));
                    }
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            synchronized (run) {
                run.problem = "step " + (i + 1) + " stopped: " + e.getMessage();
            }
        } finally {
            synchronized (run) {
                run.done = i + 1;
                run.running = false;
            }
        }
    }

    private void keep(Run run) {
        runs.put(run.id, run);
        if (runs.size() > KEPT_RUNS) {
            // the oldest finished runs go first; a run is a page of a training session, not a record
            runs.values().stream().filter(r -> !r.running).findFirst().ifPresent(r -> {
                runs.remove(r.id);
                r.runner.close();
            });
        }
    }

    private Run run(Context ctx) {
        Run run = runs.get(ctx.pathParam("id"));
        if (run == null) {
            throw new ApiError(404, "No scenario run " + ctx.pathParam("id") + " on this node.");
        }
        return run;
    }

    static ScenarioView view(Scenario s) {
        return new ScenarioView(s.name(), s.title(), s.summary(), s.steps().stream()
                .map(st -> new ScenarioView.Step(st.say() == null ? "" : st.say().strip(), st.show(),
                        st.checks().stream().map(Scenario.Check::says).toList())).toList());
    }

    private static void json(Context ctx, int status, Object body) throws Exception {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    /** Stops the steps still running (the lab is closing). */
    public void close() {
        steps.shutdownNow();
        runs.values().forEach(r -> r.runner.close());
    }
}
