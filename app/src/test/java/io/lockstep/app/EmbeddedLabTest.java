package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.lab.DriverSettings;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded lab as the console starts it: restarts, locked and unusable data folders. */
class EmbeddedLabTest {

    @Test
    void aRestartWithWorkInFlightLosesNothing() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            int port = lab.uri().getPort();
            // The API node restarts while the share nodes are in the middle of the work it recorded.
            client.call(client.lockstep().updateDriver(new DriverSettings(2_000L, 3_000L, 0.0, null, null)));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(client.call(client.manila().createShare(CreateShare.of("in-flight-" + i, 1, "NFS"))).share().id());
            }
            lab.restartService();
            assertThat(lab.uri().getPort()).isEqualTo(port);
            ids.add(client.call(client.manila().createShare(CreateShare.of("after", 1, "NFS"))).share().id());
            await().atMost(Duration.ofSeconds(60)).until(() -> Listings.allShares(client).stream()
                    .filter(s -> ids.contains(s.id())).allMatch(s -> s.status().equals("available")));
            assertThat(Listings.allShares(client)).extracting(Share::name).contains("in-flight-0", "after");
            for (String id : ids) {
                assertThat(client.call(client.lockstep().events(0, 100, "share", id)).events())
                        .as("a stop is not a storage failure").noneMatch(e -> "error".equals(e.to()));
            }
        }
    }

    @Test
    void aSecondLabOnTheSameDataFolderIsRefusedInWords(@TempDir Path dir) {
        try (EmbeddedLab first = EmbeddedLab.onDisk(dir)) {
            assertThat(first.uri().getHost()).isEqualTo("127.0.0.1");
            assertThatThrownBy(() -> EmbeddedLab.onDisk(dir))
                    .satisfies(e -> assertThat(StartupFailure.explain(e))
                            .startsWith("The lab's database in " + dir + " is in use by another Lockstep console"));
        }
    }

    @Test
    void aDataFolderThatCannotBeMadeIsExplained(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> EmbeddedLab.onDisk(file.resolve("lab")))
                .satisfies(e -> assertThat(StartupFailure.explain(e))
                        .startsWith("The data folder " + file.resolve("lab") + " cannot be created"));
    }
}
