package io.lockstep.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A Manila-style link ({@code self}, {@code bookmark}, {@code describedby}). */
public record Link(@JsonProperty("href") String href, @JsonProperty("rel") String rel) {
}
