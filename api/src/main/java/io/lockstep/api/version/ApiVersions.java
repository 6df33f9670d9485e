package io.lockstep.api.version;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"versions": [...]}} served at {@code /} and {@code /v2/}. */
public record ApiVersions(@JsonProperty("versions") List<ApiVersionInfo> versions) {
}
