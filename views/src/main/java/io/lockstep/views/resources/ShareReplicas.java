package io.lockstep.views.resources;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.replica.ShareReplica;
import io.lockstep.api.share.Share;
import io.lockstep.api.statemachine.GuardDescriptor;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.Catalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Replicas tab of a selected share: its replicas with status and {@code replica_state} badges and lag,
 * and Add replica, Promote, Resync and Delete, each enabled only where the service's declarations allow it
 * (the operation's starting states and role, its {@code parent_in} or {@code parent_operation} guard on the
 * share's status, its {@code column_not_in} guard on the replica_state); the reason shows when not. Read
 * when the share is selected and again when an event about the share or one of its replicas arrives, never
 * polled. FX thread only.
 */
public final class ShareReplicas {

    /** The two machines on a replica's row, as the service declares them. */
    public static final String KIND = "share_replica";
    public static final String STATE_KIND = "share_replica_state";
    private static final String CREATE = "create";
    private static final String PROMOTE = "promote";
    private static final String RESYNC = "resync";
    private static final String DELETE = "delete";

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final Supplier<Catalog> catalog;
    private final Role role;
    private final java.util.function.Predicate<io.lockstep.views.action.Confirmation> confirm;
    private final ObservableList<ShareReplica> replicas = FXCollections.observableArrayList();
    private final ObjectProperty<ShareReplica> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<Share> share = new SimpleObjectProperty<>(this, "share");
    private final StringProperty addRefusal = new SimpleStringProperty(this, "addRefusal", "");
    private final StringProperty promoteRefusal = new SimpleStringProperty(this, "promoteRefusal", "");
    private final StringProperty resyncRefusal = new SimpleStringProperty(this, "resyncRefusal", "");
    private final StringProperty deleteRefusal = new SimpleStringProperty(this, "deleteRefusal", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder", "");
    private long generation;

    /** @param confirm asks the operator before a promote or resync; true to go on */
    public ShareReplicas(LockstepClient client, TaskExecutor executor, NoticeBoard notices, Supplier<Catalog> catalog,
                         Role role, java.util.function.Predicate<io.lockstep.views.action.Confirmation> confirm,
                         ObjectProperty<Share> shownShare) {
        this.confirm = confirm;
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.catalog = catalog;
        this.role = role;
        shownShare.addListener((o, before, now) -> {
            boolean other = now == null || before == null || !before.id().equals(now.id());
            share.set(now);
            if (other) {
                replicas.clear();
                selected.set(null);
            }
            load();
        });
        selected.addListener((o, a, b) -> refresh());
        refresh();
    }

    /** A batch of events: read again if one is about the shown share or one of its replicas. */
    public void onEvents(List<Event> batch) {
        Share s = share.get();
        if (s != null && batch.stream().anyMatch(e -> s.id().equals(e.resourceId())
                || KIND.equals(e.resourceType()) && e.row() != null && s.id().equals(e.row().get("parent_id"))
                || (KIND.equals(e.resourceType()) || STATE_KIND.equals(e.resourceType()))
                && replicas.stream().anyMatch(r -> r.id().equals(e.resourceId())))) {
            load();
        }
    }

    private void load() {
        Share s = share.get();
        long g = ++generation;
        refresh();
        if (s == null) {
            return;
        }
        if (s.replicationType() == null) {
            placeholder.set("This share's type declares no replication_type: it cannot have replicas.");
            return;
        }
        placeholder.set("No replicas yet: the share's own copy becomes the active one when the first is added.");
        executor.submit(() -> client.call(client.manila().shareReplicas(s.id())).shareReplicas(), list -> {
            if (g == generation) {
                ShareReplica keep = selected.get();
                replicas.setAll(list);
                selected.set(keep == null ? null : list.stream().filter(r -> r.id().equals(keep.id())).findFirst()
                        .orElse(null));
                refresh();
            }
        }, e -> placeholder.set("Replicas could not be read: " + e.getMessage()));
    }

    /** Asks for a new replica of the shown share, on a pool the scheduler picks. */
    public void add() {
        Share s = share.get();
        executor.submit(() -> client.call(client.manila().createReplica(Map.of("share_replica",
                Map.of("share_id", s.id())))), r -> {
                    notices.post(Notice.Level.SUCCESS, "A replica of '" + s.name() + "' is being made.");
                    load();
                }, this::failed);
    }

    public void promote() {
        if (confirm.test(io.lockstep.views.action.Confirmation.plain("Promote replica", "The selected replica becomes "
                + "the active one. The share is replication_change until it is done; the old active replica becomes a "
                + "secondary, out of sync until it is resynced.", "Promote"))) {
            act(Map.of(PROMOTE, Map.of()), "is being promoted: the share is replication_change meanwhile.");
        }
    }

    public void resync() {
        if (confirm.test(io.lockstep.views.action.Confirmation.plain("Resync replica", "What the selected replica "
                + "lacks is copied from the active one. The share is replication_change meanwhile.", "Resync"))) {
            act(Map.of(RESYNC, Map.of()), "is being resynced from the active replica.");
        }
    }

    public void delete() {
        ShareReplica r = selected.get();
        executor.submit(() -> client.call(client.manila().deleteReplica(r.id())), v -> {
            notices.post(Notice.Level.SUCCESS, "Replica " + r.id() + " is being deleted.");
            load();
        }, this::failed);
    }

    private void act(Map<String, Object> action, String done) {
        ShareReplica r = selected.get();
        executor.submit(() -> client.call(client.manila().replicaAction(r.id(), action)), v -> {
            notices.post(Notice.Level.SUCCESS, "Replica " + r.id() + " " + done);
            load();
        }, this::failed);
    }

    private void failed(Throwable e) {
        notices.post(Notice.Level.ERROR, e instanceof ApiException a && a.detail() != null ? a.detail().message()
                : e.getMessage());
    }

    private void refresh() {
        ShareReplica r = selected.get();
        addRefusal.set(refusal(CREATE, null).orElse(""));
        promoteRefusal.set(r == null ? "Select a replica first." : refusal(PROMOTE, r).orElse(""));
        resyncRefusal.set(r == null ? "Select a replica first." : refusal(RESYNC, r).orElse(""));
        deleteRefusal.set(r == null ? "Select a replica first." : refusal(DELETE, r).orElse(""));
    }

    /** Why the operation may not start now, from its declaration, or empty when it may. */
    Optional<String> refusal(String operation, ShareReplica replica) {
        Share s = share.get();
        Catalog c = catalog.get();
        Optional<OperationDescriptor> op = c == null ? Optional.empty() : c.operation(KIND, operation);
        if (s == null || op.isEmpty()) {
            return Optional.of("This service has no share replicas.");
        }
        if (s.replicationType() == null) {
            return Optional.of("The share's type declares no replication_type.");
        }
        if (!role.allows(Role.fromWire(op.get().role()))) {
            return Optional.of(operation + " needs the " + op.get().role() + " role.");
        }
        for (GuardDescriptor g : op.get().guards()) {
            List<String> shareMay = g.kind().equals("parent_in") ? g.states()
                    : g.kind().equals("parent_operation") ? c.operation(g.resource(), g.operation())
                    .map(OperationDescriptor::from).orElse(List.of()) : null;
            if (shareMay != null && !shareMay.contains(s.status())) {
                return Optional.of("The share is " + s.status() + "; " + operation + " needs it "
                        + String.join(" or ", shareMay) + ".");
            }
            if (replica != null && g.kind().equals("column_not_in") && g.states().contains(replica.replicaState())) {
                return Optional.of("This is the " + replica.replicaState() + " replica; " + operation
                        + " is for the others.");
            }
        }
        if (replica != null && !op.get().from().contains(replica.status())) {
            return Optional.of("The replica is " + replica.status() + "; " + operation + " needs it "
                    + String.join(" or ", op.get().from()) + ".");
        }
        return Optional.empty();
    }

    public ObservableList<ShareReplica> replicas() {
        return replicas;
    }

    public ObjectProperty<ShareReplica> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Share> shareProperty() {
        return share;
    }

    public StringProperty addRefusalProperty() {
        return addRefusal;
    }

    public StringProperty promoteRefusalProperty() {
        return promoteRefusal;
    }

    public StringProperty resyncRefusalProperty() {
        return resyncRefusal;
    }

    public StringProperty deleteRefusalProperty() {
        return deleteRefusal;
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }
}
