package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.lab.ReplicationSettings;
import io.lockstep.api.replica.ShareReplica;
import io.lockstep.api.share.CreateShare;
import io.lockstep.api.share.Share;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.lab.LabViewModel;
import io.lockstep.views.live.Catalog;
import io.lockstep.views.resources.ShareReplicas;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;

/**
 * The Replicas tab and the lab's replication controls against a real embedded lab: a replica is added,
 * the buttons follow the declarations (nothing for the active replica, Promote and Resync for an in-sync
 * secondary), the pool is taken down from the lab, and the promote confirmed in the console makes the
 * secondary active; each read is driven by events, not a timer.
 */
class ShareReplicasViewModelTest {

    @Test
    void aReplicaIsAddedGuardedAndPromotedFromTheConsole() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            Catalog catalog = new Catalog(client.call(client.lockstep().stateMachines()).stateMachines());
            List<String> asked = new ArrayList<>();
            SimpleObjectProperty<Share> shown = new SimpleObjectProperty<>();
            ShareReplicas vm = new ShareReplicas(client, new CurrentThreadTaskExecutor(), notices, () -> catalog,
                    Role.ADMIN, c -> asked.add(c.title()), shown);
            LabViewModel labVm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.empty(), new Agreeing());
            labVm.refresh();
            labVm.pollIntervalMsProperty().set(200);
            labVm.applyReplication();
            assertThat(client.call(client.lockstep().replication()).pollIntervalMs()).isEqualTo(200);

            String plain = client.call(client.manila().createShare(CreateShare.of("plain", 1, "NFS"))).share().id();
            String id = client.call(client.manila().createShare(new CreateShare(new CreateShare.Body("NFS", 1, "dr",
                    null, null, null, "replicated", null, null, null, null, null, null, null, null, null)))).share().id();
            await().atMost(Duration.ofSeconds(30)).until(() -> share(client, id).status().equals("available")
                    && share(client, plain).status().equals("available"));
            shown.set(share(client, plain));
            assertThat(vm.addRefusalProperty().get()).contains("replication_type");
            shown.set(share(client, id));
            assertThat(vm.addRefusalProperty().get()).isEmpty();
            assertThat(vm.replicas()).isEmpty();
            vm.add();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                vm.onEvents(List.of(event(ShareReplicas.KIND, "any", id)));
                return vm.replicas().size() == 2 && vm.replicas().stream().anyMatch(r -> "in_sync".equals(
                        r.replicaState()));
            });
            ShareReplica active = vm.replicas().stream().filter(r -> "active".equals(r.replicaState())).findFirst()
                    .orElseThrow();
            ShareReplica secondary = vm.replicas().stream().filter(r -> !r.equals(active)).findFirst().orElseThrow();
            vm.selectedProperty().set(active);
            assertThat(vm.promoteRefusalProperty().get()).contains("active");
            assertThat(vm.deleteRefusalProperty().get()).contains("active");
            vm.selectedProperty().set(secondary);
            assertThat(vm.promoteRefusalProperty().get()).isEmpty();
            assertThat(vm.resyncRefusalProperty().get()).isEmpty();

            // the active pool down from the lab: the leader marks the secondary behind
            String host = active.host();
            labVm.poolDownProperty(host.substring(host.indexOf('#') + 1)).set(true);
            labVm.applyReplication();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                vm.onEvents(List.of(event(ShareReplicas.STATE_KIND, secondary.id(), null)));
                return vm.replicas().stream().anyMatch(r -> r.id().equals(secondary.id())
                        && "out_of_sync".equals(r.replicaState()));
            });
            vm.selectedProperty().set(vm.replicas().stream().filter(r -> r.id().equals(secondary.id())).findFirst()
                    .orElseThrow());
            vm.promote();
            assertThat(asked).containsExactly("Promote replica");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                vm.onEvents(List.of(event(ShareReplicas.KIND, secondary.id(), null)));
                return vm.replicas().stream().anyMatch(r -> r.id().equals(secondary.id())
                        && "active".equals(r.replicaState()));
            });
            shown.set(share(client, id));
            assertThat(shown.get().host()).isEqualTo(secondary.host());
        }
    }

    private static Share share(LockstepClient client, String id) {
        return client.call(client.manila().share(id)).share();
    }

    private static Event event(String type, String id, String parent) {
        return new Event(1, "2026-01-01T00:00:00Z", EventKind.TRANSITION, type, id, null, "poll", null, "in_sync",
                "test", null, parent == null ? null : java.util.Map.of("parent_id", parent));
    }
}
