package io.lockstep.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.backend.Calls;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.LockstepClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tokens file is re-read when it changes: a rotated token works and the old one stops, without a restart. */
class TokenRotationTest {

    @TempDir
    Path dir;

    private static int status(LockstepClient c) {
        return Calls.status(() -> c.call(c.lockstep().services()), 200);
    }

    private static void write(Path file, String text, int secondsAhead) throws Exception {
        Files.writeString(file, text);
        // some file systems keep whole seconds: make each version's time differ
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    @Test
    void aRotatedTokenTakesOverAndABrokenFileKeepsTheTokensInForce() throws Exception {
        Path file = dir.resolve("tokens");
        write(file, "old-admin-token-0000001 admin ops\n", 0);
        TokenStore tokens = TokenStore.watching(file);
        try (ServiceNode node = ServiceNode.builder().tokens(tokens).start();
             LockstepClient old = LockstepClient.connect(node.uri(), "old-admin-token-0000001");
             LockstepClient fresh = LockstepClient.connect(node.uri(), "new-admin-token-0000002")) {
            assertThat(status(old)).isEqualTo(200);
            assertThat(status(fresh)).isEqualTo(401);

            write(file, "# rotated\nnew-admin-token-0000002 admin ops\n", 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> status(fresh) == 200);
            assertThat(status(old)).isEqualTo(401);

            write(file, "new-admin-token-0000002 superuser ops\n", 10);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                status(fresh); // lookups are what notice the change
                return tokens.problem().isPresent();
            });
            assertThat(tokens.problem().get()).contains("superuser", "admin");
            assertThat(status(fresh)).isEqualTo(200);
            assertThat(status(old)).isEqualTo(401);
        }
    }
}
