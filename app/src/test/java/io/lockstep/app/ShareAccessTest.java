package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.share.AccessRule;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.resources.ShareAccess;
import io.lockstep.views.resources.ShareFacts;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The detail pane's Access tab against a real embedded lab, on the test's thread. */
class ShareAccessTest {

    @Test
    void anOperatorAllowsAndDeniesWhereTheDeclarationsLetThem() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            Catalog catalog = new Catalog(client.call(client.lockstep().stateMachines()).stateMachines());
            ShareFacts facts = new ShareFacts(client, new CurrentThreadTaskExecutor(), notices, true);
            ShareAccess access = new ShareAccess(client, new CurrentThreadTaskExecutor(), notices, () -> catalog,
                    Role.OPERATOR, facts.shareProperty());
            String id = client.call(client.manila().createShare(CreateShare.of("mounted", 1, "NFS"))).share().id();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.call(client.manila().share(id)).share().status()
                    .equals("available"));
            facts.show(LiveModel.SHARE, id);
            assertThat(access.rules()).isEmpty();
            assertThat(access.allowRefusalProperty().get()).isEqualTo("Enter who gets access.");
            access.targetProperty().set("10.5.0.0/16");
            assertThat(access.allowRefusalProperty().get()).isEmpty();
            access.allow();
            assertThat(notices.latestProperty().get().level()).isEqualTo(Notice.Level.SUCCESS);
            assertThat(access.rules()).extracting(AccessRule::accessTo).containsExactly("10.5.0.0/16");
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                facts.show(LiveModel.SHARE, id);
                return access.rules().size() == 1 && access.rules().get(0).state().equals("active");
            });
            assertThat(access.badgeKind("active")).isEqualTo("stable");
            assertThat(access.denyRefusalProperty().get()).isEqualTo("Select a rule first.");
            access.selectedProperty().set(access.rules().get(0));
            assertThat(access.denyRefusalProperty().get()).isEmpty();

            // the share busy: both refused from the rule kind's parent_in guard, the reason naming it
            client.call(client.manila().shareAction(id, Map.of("reset_status", Map.of("status", "extending_error"))));
            facts.show(LiveModel.SHARE, id);
            access.selectedProperty().set(access.rules().get(0));
            assertThat(access.allowRefusalProperty().get()).contains("extending_error").contains("available or error");
            assertThat(access.denyRefusalProperty().get()).contains("extending_error");
            client.call(client.manila().shareAction(id, Map.of("reset_status", Map.of("status", "available"))));
            facts.show(LiveModel.SHARE, id);
            access.selectedProperty().set(access.rules().get(0));
            access.deny();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                facts.show(LiveModel.SHARE, id);
                return access.rules().isEmpty();
            });

            ShareAccess viewer = new ShareAccess(client, new CurrentThreadTaskExecutor(), notices, () -> catalog,
                    Role.VIEWER, facts.shareProperty());
            facts.show(LiveModel.SHARE, id);
            assertThat(viewer.allowRefusalProperty().get()).contains("operator role");
        }
    }
}
