package io.lockstep.views;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.share.Share;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.api.statemachine.StateDescriptor;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.api.statemachine.StateMachineDescriptor;
import io.lockstep.views.live.Catalog;
import java.time.Instant;
import java.util.List;

/**
 * Test data in the service's wire shapes. The descriptor is a fixture written in the test (the
 * console itself never hard-codes one); the app module's tests use the real service's.
 */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Fixtures() {
    }

    public static StateMachineDescriptor shareMachine() {
        List<String> live = List.of("creating", "available", "error", "snapshotting", "extending", "deleting",
                "error_deleting");
        return new StateMachineDescriptor("share", null, List.of(
                new StateDescriptor("creating", StateKind.TRANSITIONAL, "being created"),
                new StateDescriptor("available", StateKind.STABLE, "ready"),
                new StateDescriptor("error", StateKind.ERROR, "creation failed"),
                new StateDescriptor("snapshotting", StateKind.TRANSITIONAL, "snapshot in progress"),
                new StateDescriptor("extending", StateKind.TRANSITIONAL, "growing"),
                new StateDescriptor("extending_error", StateKind.ERROR, "growing failed"),
                new StateDescriptor("deleting", StateKind.TRANSITIONAL, "being deleted"),
                new StateDescriptor("error_deleting", StateKind.ERROR, "deletion failed"),
                new StateDescriptor("deleted", StateKind.TERMINAL, "gone")), List.of(
                new OperationDescriptor("create", "create", List.of(), "creating", List.of("available"),
                        List.of("error"), "operator", List.of(), "create a share", null),
                new OperationDescriptor("delete", "async", List.of("available", "error", "error_deleting"), "deleting",
                        List.of("deleted"), List.of("error_deleting"), "operator",
                        List.of(new GuardDescriptor("no_live_children", "snapshot", null, "no live snapshots")),
                        "delete the share", null),
                new OperationDescriptor("extend", "async", List.of("available"), "extending", List.of("available"),
                        List.of("extending_error"), "operator", List.of(), "grow the share", null),
                new OperationDescriptor("snapshot", "async", List.of("available"), "snapshotting",
                        List.of("available"), List.of("available"), "operator", List.of(), "snapshot held", null),
                new OperationDescriptor("reset_status", "set", live, null, List.of("available", "error"), List.of(),
                        "admin", List.of(), "set the status by hand", null),
                new OperationDescriptor("force_delete", "async", live, "deleting", List.of("deleted"),
                        List.of("error_deleting"), "admin", List.of(), "delete from any status", null)));
    }

    public static Catalog catalog() {
        return new Catalog(List.of(shareMachine()));
    }

    public static Share share(String id, String name, String status, int size) {
        return new Share(id, name, null, size, status, "NFS", "p1", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                "2026-11-24T09:00:00.000000", "2026-11-24T09:00:00.000000", null);
    }

    public static Event transition(long id, String shareId, String op, String from, String to) {
        return new Event(id, T0.plusSeconds(id).toString(), EventKind.TRANSITION, "share", shareId, "p1", op, from, to,
                "tester", null);
    }

    public static Event rejected(long id, String shareId, String op, String actual, String wanted, String why) {
        return new Event(id, T0.plusSeconds(id).toString(), EventKind.REJECTED, "share", shareId, "p1", op, actual,
                wanted, "tester", why);
    }
}
