package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.resources.ShareFacts;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The detail pane's share facts against a real embedded lab, on the test's thread. */
class ShareFactsTest {

    @Test
    void anOperatorSeesTypeZoneAndPoolAndChangesVisibilityAndMetadata() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            ShareFacts facts = new ShareFacts(client, new CurrentThreadTaskExecutor(), notices, true);
            String id = client.call(client.manila().createShare(CreateShare.of("facts", 1, "NFS", null, "zone-b")))
                    .share().id();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.call(client.manila().share(id)).share().status()
                    .equals("available"));
            facts.show(LiveModel.SHARE, id);
            assertThat(facts.summaryProperty().get()).isEqualTo("Type default  ·  Zone zone-b  ·  Pool "
                    + "lockstep@simulated#pool3  ·  private");
            assertThat(facts.metadataProperty().get()).isEqualTo("No metadata.");

            facts.togglePublic();
            assertThat(facts.publicProperty().get()).isTrue();
            assertThat(facts.summaryProperty().get()).endsWith("public");

            facts.entryProperty().set("team");
            assertThat(facts.entryProblem()).isNotNull();
            facts.entryProperty().set("team = storage");
            assertThat(facts.entryProblem()).isNull();
            facts.setMetadata();
            assertThat(facts.metadataProperty().get()).isEqualTo("Metadata: team=storage");
            assertThat(client.call(client.manila().shareMetadata(id))).isEqualTo(Map.of("metadata",
                    Map.of("team", "storage")));
            facts.entryProperty().set("team");
            facts.unsetMetadata();
            assertThat(facts.metadataProperty().get()).isEqualTo("No metadata.");
            facts.entryProperty().set("nothing-here");
            facts.unsetMetadata();
            assertThat(notices.latestProperty().get().level()).isEqualTo(Notice.Level.ERROR);

            facts.show(LiveModel.SNAPSHOT, id);
            assertThat(facts.shareProperty().get()).isNull();
            assertThat(facts.summaryProperty().get()).isEmpty();
        }
    }
}
