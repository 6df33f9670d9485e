package io.lockstep.views.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.auth.Role;
import io.lockstep.views.live.LiveModel;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class MainViewModelTest {

    private static MainViewModel servedByN1(String mode) {
        MainViewModel vm = new MainViewModel(new LiveModel(Clock.systemUTC()), "https://n1:8786", Role.VIEWER, mode,
                () -> false);
        vm.servedBy("https://n1:8786", "n1");
        return vm;
    }

    @Test
    void theBadgeAndTheEndpointFollowTheNodeServingNow() {
        MainViewModel vm = servedByN1("profile prod");
        assertThat(vm.badgeText().get()).isEqualTo("profile prod · node n1 · READ-ONLY");
        vm.servedBy("https://n2:8786", "n2"); // n1 died; the client moved on
        assertThat(vm.endpointProperty().get()).isEqualTo("https://n2:8786");
        assertThat(vm.badgeText().get()).isEqualTo("profile prod · node n2 · READ-ONLY");
    }

    @Test
    void aReadOnlyProfileSaysSoOnce() {
        assertThat(servedByN1("profile prod · READ-ONLY").badgeText().get())
                .isEqualTo("profile prod · node n1 · READ-ONLY");
    }
}
