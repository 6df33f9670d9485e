package io.lockstep.api.conflict;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One cell of the conflict matrix: two operations of a resource family started together from a given
 * configuration, and what the rules make of it.
 *
 * @param family     the family's root resource ({@code share}, {@code job})
 * @param a          the first operation, {@code resource.operation}
 * @param b          the second operation
 * @param relation   {@code same} (one resource), {@code parent-child}, {@code child-parent} or {@code siblings}
 * @param start      the configuration both start from, e.g. {@code share=available, backup=available}
 * @param verdict    {@code exclusive}, {@code commutative}, {@code guarded} or {@code unsafe}
 * @param reason     why, in the rules' terms; for {@code unsafe}, the counter-example
 * @param trials     races run for this cell in the last run, or null
 * @param violations invariant violations found in those trials, or null
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
        @JsonProperty("violations") Integer violations) {
}
