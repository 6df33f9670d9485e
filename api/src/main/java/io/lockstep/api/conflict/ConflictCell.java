package io.lockstep.api.conflict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One cell of the conflict matrix: two operations of a resource family started together from a given
 * configuration, and what the rules make of it, with what racing it for real found last time.
 *
 * @param family      the family's root resource ({@code share}, {@code job})
 * @param a           the first operation, {@code resource.operation}; a worker's finish is
 *                    {@code resource.operation#finish}
 * @param b           the second operation, or {@code leader.move_to_error} / {@code lease.expiry}
 * @param relation    {@code same} (one resource), {@code parent-child}, {@code child-parent},
 *                    {@code siblings} or {@code completion} (a finish against what may take its row)
 * @param start       the configuration both start from, e.g. {@code share=available, backup=available}
 * @param verdict     {@code exclusive}, {@code commutative}, {@code guarded} or {@code unsafe}
 * @param reason      why, in the rules' terms; for {@code unsafe}, the counter-example
 * @param trials      races run for this cell in the last run, or null if it was never raced
 * @param violations  invariant violations found in those trials, or null
 * @param example     the first violation's story, if there was one
 * @param exampleRoot the family root of an example trial (its events show the race), or null
 * @param notRaced    why the racer cannot race this cell through the API, or null
 * @param racedAt     when the last run of this cell ended, epoch milliseconds, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConflictCell(
        @JsonProperty("family") String family,
        @JsonProperty("a") String a,
        @JsonProperty("b") String b,
        @JsonProperty("relation") String relation,
        @JsonProperty("start") String start,
        @JsonProperty("verdict") String verdict,
        @JsonProperty("reason") String reason,
        @JsonProperty("trials") Integer trials,
        @JsonProperty("violations") Integer violations,
        @JsonProperty("example") String example,
        @JsonProperty("example_root") String exampleRoot,
        @JsonProperty("not_raced") String notRaced,
        @JsonProperty("raced_at") Long racedAt) {

    /** A cell as the checker judges it, never raced. */
    public static ConflictCell judged(String family, String a, String b, String relation, String start,
                                      String verdict, String reason) {
        return new ConflictCell(family, a, b, relation, start, verdict, reason, null, null, null, null, null, null);
    }

    /** Identifies the cell across runs and nodes. */
    public String key() {
        return family + "|" + a + "|" + b + "|" + start;
    }

    /** Whether a race request's filter (null fields match anything) selects this cell. */
    public boolean matches(String family, String a, String b, String start) {
        return (family == null || family.equals(this.family)) && (a == null || a.equals(this.a))
                && (b == null || b.equals(this.b)) && (start == null || start.equals(this.start));
    }

    /** The same judgement with a run's outcome. */
    public ConflictCell withRun(Integer trials, Integer violations, String example, String exampleRoot,
                                String notRaced, Long racedAt) {
        return new ConflictCell(family, a, b, relation, start, verdict, reason, trials, violations, example,
                exampleRoot, notRaced, racedAt);
    }
}
