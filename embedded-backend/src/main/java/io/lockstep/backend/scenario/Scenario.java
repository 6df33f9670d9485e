package io.lockstep.backend.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.lab.DriverSettings;
import java.util.List;
import java.util.Map;

/**
 * A training or demo scenario, read from a YAML data file: what the lab looks like at the start, then
 * steps, each with its narration, the part of the console it is about, the actions it takes and the
 * checks that must hold after them. Actions and checks name operations as the state machines do
 * ({@code share.delete}) and are carried out through the public API only, so a scenario exercises
 * what an operator would.
 *
 * @param name    the file's name without {@code .yaml}: what {@code lab --scenario} takes
 * @param title   one line for lists
 * @param summary a paragraph: what it shows and why it matters
 */
public record Scenario(@JsonProperty("name") String name, @JsonProperty("title") String title,
                       @JsonProperty("summary") String summary, @JsonProperty("lab") Setup lab,
                       @JsonProperty("steps") List<Step> steps) {

    public Scenario {
        lab = lab == null ? new Setup(null, null, null) : lab;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Every check of every step, in order. */
    public int checks() {
        return steps.stream().mapToInt(s -> s.checks().size()).sum();
    }

    /**
     * The lab at the start: the simulated driver's settings, and how many share and data nodes run
     * beside the API node (the lab's defaults where absent).
     */
    public record Setup(@JsonProperty("driver") DriverSettings driver, @JsonProperty("share_nodes") Integer shareNodes,
                        @JsonProperty("data_nodes") Integer dataNodes) {
    }

    /**
     * One step. {@code show} names the console page the step is about (the guided panel highlights
     * it): overview, resources, state-machines, conflicts, locks, leaders, jobs, audit, lab.
     */
    public record Step(@JsonProperty("say") String say, @JsonProperty("show") String show,
                       @JsonProperty("do") List<Action> actions, @JsonProperty("check") List<Check> checks) {
        public Step {
            actions = actions == null ? List.of() : List.copyOf(actions);
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    /** What a step does. Written in YAML as a one-key map: {@code - create: {resource: share, as: s1}}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
    @JsonSubTypes({@JsonSubTypes.Type(value = Action.Create.class, name = "create"),
            @JsonSubTypes.Type(value = Action.Run.class, name = "run"),
            @JsonSubTypes.Type(value = Action.Call.class, name = "call"),
            @JsonSubTypes.Type(value = Action.Race.class, name = "race"),
            @JsonSubTypes.Type(value = Action.Remember.class, name = "remember")})
    public sealed interface Action {

        /**
         * Creates a resource through its declared create trigger and waits until it is stable; its id
         * is kept as {@code as}. {@code parent} names an earlier alias (made as the declaration's
         * parent example when absent).
         */
        record Create(@JsonProperty("resource") String resource, @JsonProperty("as") String as,
                      @JsonProperty("parent") String parent) implements Action {
        }

        /**
         * Runs a declared operation ({@code share.extend}) on an alias through its trigger, with the
         * status the scenario last saw; the answer is kept as {@code as}. {@code args} replace the
         * trigger's example arguments.
         */
        record Run(@JsonProperty("op") String op, @JsonProperty("on") String on, @JsonProperty("as") String as,
                   @JsonProperty("args") Map<String, Object> args) implements Action {
        }

        /**
         * Any API call, as an admin: the lab's faults and settings, leaders, locks. {@code ${alias}}
         * in the path or body is replaced by the alias's id or remembered value. With {@code creates}
         * (a resource kind), the call is that kind's create and {@code as} keeps the new resource.
         */
        record Call(@JsonProperty("method") String method, @JsonProperty("path") String path,
                    @JsonProperty("body") JsonNode body, @JsonProperty("as") String as,
                    @JsonProperty("creates") String creates) implements Action {
        }

        /**
         * Races a cell of the conflict matrix for real through the served race endpoint: operation
         * {@code a} against {@code b} ({@code share.delete} against {@code snapshot.create}),
         * {@code trials} times, at the lab ({@code safe}) or at a node built the naive way
         * ({@code naive}: read, check in code, write; no locks). The run's trials and violations are
         * kept as {@code as}.
         */
        record Race(@JsonProperty("a") String a, @JsonProperty("b") String b, @JsonProperty("trials") Integer trials,
                    @JsonProperty("service") String service, @JsonProperty("as") String as) implements Action {
        }

        /**
         * Reads a value and keeps it: {@code field} of the first element of the list at {@code list}
         * in the answer to GET {@code path} whose fields match {@code where}; with no list, of the
         * answer itself. Fields may be dotted ({@code leader.node}). With {@code after}, only the part
         * of the value after that text is kept (a host's pool: {@code after: "#"}).
         */
        record Remember(@JsonProperty("path") String path, @JsonProperty("list") String list,
                        @JsonProperty("where") Map<String, String> where, @JsonProperty("field") String field,
                        @JsonProperty("after") String after, @JsonProperty("as") String as) implements Action {
        }
    }

    /** What must hold after a step's actions. Checks wait (up to {@code within} seconds) for it to hold. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
    @JsonSubTypes({@JsonSubTypes.Type(value = Check.Status.class, name = "status"),
            @JsonSubTypes.Type(value = Check.Answer.class, name = "answer"),
            @JsonSubTypes.Type(value = Check.RaceResult.class, name = "race"),
            @JsonSubTypes.Type(value = Check.Value.class, name = "value")})
    public sealed interface Check {

        /** A person's reading of the check, printed with its outcome. */
        String says();

        /** The alias's status is {@code is}, or one of {@code in}. */
        record Status(@JsonProperty("says") String says, @JsonProperty("of") String of, @JsonProperty("is") String is,
                      @JsonProperty("in") List<String> in, @JsonProperty("within") Integer within) implements Check {
        }

        /** A kept answer's HTTP code: {@code code}, or any 2xx ({@code accepted: true}). */
        record Answer(@JsonProperty("says") String says, @JsonProperty("of") String of,
                      @JsonProperty("code") Integer code, @JsonProperty("accepted") Boolean accepted) implements Check {
        }

        /** A race's violations: exactly {@code violations}, or at least {@code at_least}. */
        record RaceResult(@JsonProperty("says") String says, @JsonProperty("of") String of,
                          @JsonProperty("violations") Integer violations, @JsonProperty("at_least") Integer atLeast)
                implements Check {
        }

        /**
         * A value read as {@link Action.Remember} reads it {@code equals}, differs from
         * ({@code not}), or is {@code above} a number or a kept value; {@code present: false} holds
         * when no element matches.
         */
        record Value(@JsonProperty("says") String says, @JsonProperty("path") String path,
                     @JsonProperty("list") String list, @JsonProperty("where") Map<String, String> where,
                     @JsonProperty("field") String field, @JsonProperty("equals") String equalTo,
                     @JsonProperty("not") String not, @JsonProperty("above") String above,
                     @JsonProperty("present") Boolean present, @JsonProperty("within") Integer within)
                implements Check {
        }
    }
}
