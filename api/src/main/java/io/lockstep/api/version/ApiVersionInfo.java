package io.lockstep.api.version;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockstep.api.Link;
import java.util.List;
import java.util.Map;

/** One entry of Manila's version document. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiVersionInfo(
        @JsonProperty("id") String id,
        @JsonProperty("status") String status,
        @JsonProperty("version") String version,
        @JsonProperty("min_version") String minVersion,
        @JsonProperty("updated") String updated,
        @JsonProperty("links") List<Link> links,
        @JsonProperty("media-types") List<Map<String, String>> mediaTypes) {
}
