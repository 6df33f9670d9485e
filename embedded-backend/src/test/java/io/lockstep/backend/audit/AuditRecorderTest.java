package io.lockstep.backend.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What each kind of write is recorded as. */
class AuditRecorderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AuditRecorder.Target target(String method, String path, String body, String result)
            throws Exception {
        JsonNode b = body == null ? null : JSON.readTree(body);
        JsonNode r = result == null ? null : JSON.readTree(result);
        return AuditRecorder.target(method, path, b, r);
    }

    @Test
    void manilaAndConsoleWritesAreNamedByActionAndTarget() throws Exception {
        assertThat(target("POST", "/v2/p1/shares", "{\"share\":{}}", "{\"share\":{\"id\":\"s1\"}}"))
                .isEqualTo(new AuditRecorder.Target("create", "share", "s1"));
        assertThat(target("POST", "/v2/shares/s1/action", "{\"migration_start\":{\"host\":\"pool2\"}}", null))
                .isEqualTo(new AuditRecorder.Target("migration_start", "share", "s1"));
        assertThat(target("DELETE", "/v2/p1/share-backups/b1", null, null))
                .isEqualTo(new AuditRecorder.Target("delete", "backup", "b1"));
        assertThat(target("PUT", "/v2/p1/services/disable", "{\"host\":\"share-1@simulated\"}", null))
                .isEqualTo(new AuditRecorder.Target("disable", "service", "share-1@simulated"));
        assertThat(target("POST", "/lockstep/v1/locks/break", "{\"name\":\"share/s1\",\"fencing_token\":4}", null))
                .isEqualTo(new AuditRecorder.Target("break", "lock", "share/s1"));
        assertThat(target("POST", "/lockstep/v1/leaders/cleanup/step-down", "{\"term\":2}", null))
                .isEqualTo(new AuditRecorder.Target("step-down", "election", "cleanup"));
        assertThat(target("POST", "/lockstep/v1/lab/nodes/data-1/kill", null, null))
                .isEqualTo(new AuditRecorder.Target("kill", "node", "data-1"));
        assertThat(target("POST", "/lockstep/v1/jobs/j1/retry", null, null))
                .isEqualTo(new AuditRecorder.Target("retry", "job", "j1"));
    }
}
