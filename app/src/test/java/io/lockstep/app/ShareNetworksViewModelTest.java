package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.network.ShareServer;
import io.lockstep.api.share.CreateShare;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.lab.LabViewModel;
import io.lockstep.views.network.ShareNetworksViewModel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Share networks page and the lab's share-server controls against a real embedded lab. */
class ShareNetworksViewModelTest {

    @Test
    void aNetworkAndItsServerAreShownAndReadAgainOnTheirEvents() {
        try (EmbeddedLab lab = EmbeddedLab.scratch();
             LockstepClient client = LockstepClient.connect(lab.uri(), lab.token())) {
            ShareNetworksViewModel vm = new ShareNetworksViewModel(client, new CurrentThreadTaskExecutor(), true);
            vm.load();
            assertThat(vm.networks()).isEmpty();
            assertThat(vm.servers()).isEmpty();
            NoticeBoard notices = new NoticeBoard(Clock.systemUTC());
            LabViewModel labVm = new LabViewModel(client, new CurrentThreadTaskExecutor(), notices, Optional.empty(), new Agreeing());
            labVm.killSetup();
            assertThat(notices.latestProperty().get().level()).isEqualTo(Notice.Level.ERROR);
            assertThat(notices.latestProperty().get().text()).contains("No share server is being set up");
            labVm.networkLatencyMsProperty().set(50);
            labVm.applyNetwork();
            assertThat(client.call(client.lockstep().network()).maxLatencyMs()).isEqualTo(50);

            client.call(client.manila().post("v2/share-networks", Map.of("share_network", Map.of("name", "lab-net"))));
            String net = client.call(client.manila().shareNetworks("2.80")).shareNetworks().get(0).id();
            String share = client.call(client.manila().createShare(new CreateShare(new CreateShare.Body("NFS", 1,
                    "on-server", null, null, null, "dhss", null, null, net, null, null, null, null, null, null))))
                    .share().id();
            // a batch without network or server events reads nothing; one with them reads both lists again
            vm.onEvents(List.of(event("share", share)));
            assertThat(vm.networks()).isEmpty();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                vm.onEvents(List.of(event("share_server", "any")));
                return vm.servers().size() == 1 && "active".equals(vm.servers().get(0).lockstepStatus());
            });
            assertThat(vm.networks()).extracting(n -> n.name()).containsExactly("lab-net");
            ShareServer server = vm.servers().get(0);
            assertThat(server.shareNetworkName()).isEqualTo("lab-net");
            assertThat(server.networkAllocations()).extracting(ShareServer.Allocation::ipAddress)
                    .containsExactly("10.254.0.2");
            assertThat(server.shares()).containsExactly(share);
        }
    }

    private static Event event(String type, String id) {
        return new Event(1, "2026-01-01T00:00:00Z", EventKind.TRANSITION, type, id, null, "create", null, "creating",
                "test", null, null);
    }
}
