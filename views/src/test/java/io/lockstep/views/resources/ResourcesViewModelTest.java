package io.lockstep.views.resources;

import static io.lockstep.views.Fixtures.share;
import static io.lockstep.views.Fixtures.transition;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.auth.Role;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.Fixtures;
import io.lockstep.views.action.ActionRunner;
import io.lockstep.views.action.Availability;
import io.lockstep.views.action.Confirmation;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.action.OperationAction;
import io.lockstep.views.concurrent.CurrentThreadTaskExecutor;
import io.lockstep.views.dialog.CreateShareForm;
import io.lockstep.views.dialog.DialogService;
import io.lockstep.views.live.LiveModel;
import io.lockstep.views.live.ResourceItem;
import io.lockstep.views.live.Update;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourcesViewModelTest {

    /** Nothing listens on port 9 of loopback: any call fails at once, which these tests never make. */
    private final LockstepClient client = LockstepClient.connect(URI.create("http://127.0.0.1:9"), "unused");
    private final LiveModel model = new LiveModel(Clock.systemUTC());
    private final NoticeBoard notices = new NoticeBoard(Clock.systemUTC());

    private ResourcesViewModel vm(Role role) {
        model.apply(List.of(new Update.Loaded(Fixtures.catalog(), List.of(share("a", "alpha", "available", 1),
                share("b", "beta", "creating", 2), share("c", "gamma-web", "error", 3)), List.of(), List.of(), 1)));
        var executor = new CurrentThreadTaskExecutor();
        return new ResourcesViewModel(model, client, executor,
                new ActionRunner(client, model, executor, new Refusing(), notices, role), notices);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static OperationAction action(ResourcesViewModel vm, String op) {
        return vm.actions("share").stream().filter(a -> a.operation().equals(op)).findFirst().orElseThrow();
    }

    private ResourceItem item(String id) {
        return model.find("share", id).orElseThrow();
    }

    @Test
    void whileAReplayRunsTheStatusShownIsTheReplaysThenLiveAgain() {
        ResourcesViewModel vm = vm(Role.ADMIN);
        var replay = new io.lockstep.views.replay.ReplayViewModel(null, null, null, false);
        vm.showReplay(replay);
        var a = vm.shownStatus(item("a"));
        var c = vm.shownStatus(item("c"));
        assertThat(a.getValue()).isEqualTo("available");
        replay.historyProperty().set(new io.lockstep.views.replay.History(List.of(
                transition(1, "a", "create", null, "creating"), transition(2, "c", "create", null, "creating"),
                transition(3, "a", "create", "creating", "available"), transition(4, "c", "create", "creating", "error"))));
        replay.replayingProperty().set(true);
        replay.seek(1);
        assertThat(a.getValue()).isEqualTo("creating");
        assertThat(c.getValue()).as("not made yet at that point").isEqualTo(ResourcesViewModel.NOT_YET);
        replay.seek(3);
        assertThat(a.getValue()).isEqualTo("available");
        assertThat(c.getValue()).isEqualTo("creating");
        replay.live();
        assertThat(c.getValue()).isEqualTo("error");
    }

    @Test
    void filtersByTextAndStatus() {
        ResourcesViewModel vm = vm(Role.ADMIN);
        vm.filterTextProperty().set("GAMMA");
        assertThat(vm.rows("share")).extracting(ResourceItem::id).containsExactly("c");
        vm.filterTextProperty().set("");
        vm.statusFilterProperty().set("creating");
        assertThat(vm.rows("share")).extracting(ResourceItem::id).containsExactly("b");
    }

    @Test
    void aStatusFilterFollowsLiveChanges() {
        ResourcesViewModel vm = vm(Role.ADMIN);
        vm.statusFilterProperty().set("available");
        model.apply(List.of(new Update.EventArrived(transition(2, "b", "create", "creating", "available"))));
        assertThat(vm.rows("share")).extracting(ResourceItem::id).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void actionsFollowTheDescriptorsFromStates() {
        ResourcesViewModel vm = vm(Role.ADMIN);
        vm.selectedProperty().set(item("b"));
        Availability delete = vm.availabilityProperty(action(vm, "delete")).get();
        assertThat(delete.allowed()).isFalse();
        assertThat(delete.reason()).isEqualTo(
                "Delete is allowed only from available, error, error_deleting; this share is creating.");
        assertThat(vm.availabilityProperty(action(vm, "force_delete")).get().allowed()).isTrue();

        vm.selectedProperty().set(item("a"));
        Availability allowed = vm.availabilityProperty(action(vm, "delete")).get();
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.reason()).contains("no live snapshots");
    }

    @Test
    void availabilityChangesWhenTheSelectedRowMoves() {
        ResourcesViewModel vm = vm(Role.OPERATOR);
        vm.selectedProperty().set(item("a"));
        assertThat(vm.availabilityProperty(action(vm, "extend")).get().allowed()).isTrue();
        model.apply(List.of(new Update.EventArrived(transition(2, "a", "extend", "available", "extending"))));
        assertThat(vm.availabilityProperty(action(vm, "extend")).get().allowed()).isFalse();
        assertThat(vm.history()).extracting(HistoryRow::to).containsExactly("extending");
    }

    @Test
    void rolesLimitAdminActions() {
        ResourcesViewModel vm = vm(Role.OPERATOR);
        vm.selectedProperty().set(item("a"));
        Availability force = vm.availabilityProperty(action(vm, "force_delete")).get();
        assertThat(force.allowed()).isFalse();
        assertThat(force.reason()).isEqualTo("Force delete needs the admin role; you are operator.");
    }

    @Test
    void exportsOnlyTheVisibleRows() {
        ResourcesViewModel vm = vm(Role.ADMIN);
        vm.show("share", "error", false);
        String csv = vm.exportCsv("share");
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("id,name,status,size_gb").contains("c,gamma-web,error,3,NFS");
        assertThat(vm.exportJson("share")).contains("\"name\" : \"gamma-web\"").doesNotContain("alpha");
    }

    @Test
    void exportWritesTheFileAndSaysSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ResourcesViewModel vm = vm(Role.VIEWER);
        vm.exportTo(dir.resolve("shares.csv"), false);
        assertThat(java.nio.file.Files.readString(dir.resolve("shares.csv"))).contains("alpha").contains("gamma-web");
        vm.exportTo(dir.resolve("missing-folder").resolve("x.json"), true);
        assertThat(notices.latestProperty().get().text()).startsWith("Could not write");
    }

    /** The operator who cancels every dialog; these tests check what is offered, not sent. */
    private static final class Refusing implements DialogService {
        @Override
        public boolean confirm(Confirmation confirmation) {
            return false;
        }

        @Override
        public Optional<String> askText(String title, String prompt, String initial, Function<String, String> v) {
            return Optional.empty();
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
