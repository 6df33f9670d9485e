package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.ShareInstance;
import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.action.OperationAction;
import io.lockstep.views.action.ShareFromSnapshotAction;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.dialog.CreateShareForm;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import io.lockstep.views.recycle.RecycleBinViewModel;
import io.lockstep.views.resources.ShareFacts;
import io.lockstep.views.resources.ShareInstances;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The Instances tab, New share from this snapshot and the Recycle bin page against a real embedded lab. */
class InstancesAndRecycleBinTest {

    private static String awaitStatus(LockstepClient client, String share, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> client.call(client.manila().share(share)).share().status()
                .equals(status));
        return share;
    }

    @Test
    void anAdminSeesTheInstanceMakesAShareFromASnapshotAndRestoresFromTheBin() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            Catalog catalog = new Catalog(client.call(client.lockstep().stateMachines()).stateMachines());
            ShareFacts facts = new ShareFacts(client, new CurrentThreadTaskExecutor(), notices, true);
            ShareInstances instances = new ShareInstances(client, new CurrentThreadTaskExecutor(), () -> catalog,
                    Role.ADMIN, facts.shareProperty());
            ShareInstances unseen = new ShareInstances(client, new CurrentThreadTaskExecutor(), () -> catalog,
                    Role.OPERATOR, facts.shareProperty());
            String id = awaitStatus(client, client.call(client.manila().createShare(CreateShare.of("source", 1, "NFS")))
                    .share().id(), "available");
            facts.show(LiveModel.SHARE, id);
            assertThat(instances.instances()).extracting(ShareInstance::status).containsExactly("available");
            assertThat(instances.instances().get(0).shareId()).isEqualTo(id);
            assertThat(instances.badgeKind("available")).isEqualTo("stable");
            assertThat(instances.badgeKind("migrating_to")).isEqualTo("transitional");
            assertThat(unseen.instances()).isEmpty();
            assertThat(unseen.placeholderProperty().get()).contains("admins");

            // New share from this snapshot: offered on the snapshot, gated by the create's source_in guard
            String snapshot = client.call(client.manila().createSnapshot(CreateSnapshot.of(id, "snap"))).snapshot().id();
            await().atMost(Duration.ofSeconds(20)).until(() -> client.call(client.manila().snapshot(snapshot))
                    .snapshot().status().equals("available"));
            ShareFromSnapshotAction fromSnapshot = new ShareFromSnapshotAction();
            assertThat(fromSnapshot.offeredOn()).isEqualTo(LiveModel.SNAPSHOT);
            ResourceItem item = new ResourceItem(LiveModel.SNAPSHOT, snapshot, "creating", Instant.now());
            item.nameProperty().set("snap");
            item.sizeProperty().set(1);
            item.protocolProperty().set("NFS");
            Availability busy = fromSnapshot.availability(catalog, item, Role.OPERATOR);
            assertThat(busy.allowed()).isFalse();
            assertThat(busy.reason()).contains("creating").contains("available");
            assertThat(fromSnapshot.availability(catalog, item, Role.VIEWER).allowed()).isFalse();
            item.statusProperty().set("available");
            assertThat(fromSnapshot.availability(catalog, item, Role.OPERATOR).allowed()).isTrue();
            OperationAction.Request request = fromSnapshot.prepare(item, "available", catalog, new Naming("copy"))
                    .orElseThrow();
            request.send().accept(client);
            await().atMost(Duration.ofSeconds(20)).until(() -> client.call(client.manila().shares(Map.of("name", "copy")))
                    .shares().stream().anyMatch(s -> "available".equals(s.status())));
            assertThat(client.call(client.manila().shares(Map.of("name", "copy"))).shares().get(0).snapshotId())
                    .isEqualTo(snapshot);

            // the Recycle bin: read from the API, Restore as the share machine declares it
            RecycleBinViewModel bin = new RecycleBinViewModel(client, new CurrentThreadTaskExecutor(), notices,
                    () -> catalog, Role.OPERATOR);
            bin.catalogChanged();
            assertThat(bin.shares()).isEmpty();
            String copy = client.call(client.manila().shares(Map.of("name", "copy"))).shares().get(0).id();
            Map<String, Object> soft = new HashMap<>();
            soft.put("soft_delete", null);
            client.call(client.manila().postAt("2.69", "v2/shares/" + copy + "/action", soft));
            bin.load();
            assertThat(bin.shares()).extracting(s -> s.id()).containsExactly(copy);
            assertThat(bin.shares().get(0).scheduledToBeDeletedAt()).isNotNull();
            assertThat(bin.restoreRefusalProperty().get()).isEqualTo("Select a share first.");
            bin.selectedProperty().set(bin.shares().get(0));
            assertThat(bin.restoreRefusalProperty().get()).isEmpty();
            bin.restore();
            assertThat(bin.shares()).isEmpty();
            awaitStatus(client, copy, "available");
            RecycleBinViewModel viewer = new RecycleBinViewModel(client, new CurrentThreadTaskExecutor(), notices,
                    () -> catalog, Role.VIEWER);
            assertThat(viewer.restoreRefusalProperty().get()).contains("operator role");
        }
    }

    /** Answers the name question with {@code name}; nothing else is asked. */
    private record Naming(String name) implements DialogService {
        @Override
        public boolean confirm(Confirmation confirmation) {
            return false;
        }

        @Override
        public Optional<String> askText(String title, String prompt, String initial, Function<String, String> v) {
            return Optional.of(name);
        }

        @Override
        public Optional<String> choose(String title, String prompt, List<String> choices) {
            return Optional.empty();
        }

        @Override
        public Optional<CreateShareForm.Values> createShare(CreateShareForm form) {
            return Optional.empty();
        }
    }
}
