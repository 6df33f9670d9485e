package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.app.profile.ConnectionsViewModel;
import io.lockstep.app.profile.ProfileStore;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Connections dialog's view model: the form is checked as typed, saved, selected, connected. */
class ConnectionsViewModelTest {

    @TempDir
    Path dir;

    @Test
    void aProfileIsCheckedAsTypedSavedAndConnected() throws Exception {
        ConnectionsViewModel vm = new ConnectionsViewModel(ProfileStore.load(dir), new CurrentThreadTaskExecutor());
        assertThat(vm.problemProperty().get()).startsWith("name:");
        vm.nameProperty().set("staging");
        vm.endpointsProperty().set("https://s1:8786, https://s2:8786");
        assertThat(vm.problemProperty().get()).startsWith("token:");
        vm.tokenFileProperty().set("/home/me/staging-token");
        vm.trustProperty().set("pin");
        assertThat(vm.problemProperty().get()).startsWith("pin:");
        vm.pinProperty().set("AB".repeat(32));
        vm.readOnlyProperty().set(true);
        assertThat(vm.problemProperty().get()).isEmpty();

        List<String> opened = new ArrayList<>();
        vm.connect(opened::add);
        assertThat(opened).containsExactly("staging");
        assertThat(vm.profiles()).hasSize(1);
        ConnectionsViewModel again = new ConnectionsViewModel(ProfileStore.load(dir), new CurrentThreadTaskExecutor());
        again.selectedProperty().set(again.profiles().get(0));
        assertThat(again.endpointsProperty().get()).isEqualTo("https://s1:8786, https://s2:8786");
        assertThat(again.readOnlyProperty().get()).isTrue();

        again.fetchCertificate(p -> true); // no https endpoint answers here
        assertThat(again.messageProperty().get()).startsWith("Could not fetch the certificate");
        again.delete();
        assertThat(again.profiles()).isEmpty();
    }
}
