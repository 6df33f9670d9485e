package io.lockstep.api.audit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code {"audit": [...]}}, oldest first. */
public record AuditList(@JsonProperty("audit") List<AuditEntry> audit) {
}
