package io.lockstep.api.coordination;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Measurements of one lock family on the answering node, times in microseconds. */
public record LockFamilyStats(
        @JsonProperty("family") String family,
        @JsonProperty("acquisitions") long acquisitions,
        @JsonProperty("contended") long contended,
        @JsonProperty("timeouts") long timeouts,
        @JsonProperty("wait_p50_us") long waitP50Us,
        @JsonProperty("wait_p99_us") long waitP99Us,
        @JsonProperty("wait_max_us") long waitMaxUs,
        @JsonProperty("hold_p50_us") long holdP50Us,
        @JsonProperty("hold_p99_us") long holdP99Us,
        @JsonProperty("hold_max_us") long holdMaxUs,
        @JsonProperty("longest_holder") String longestHolder) {
}
