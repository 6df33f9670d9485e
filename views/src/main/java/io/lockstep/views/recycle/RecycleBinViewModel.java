package io.lockstep.views.recycle;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.share.Share;
import io.lockstep.api.statemachine.OperationDescriptor;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.Catalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Recycle bin page: the shares soft-deleted (Manila 2.69), with when the cleanup leader purges
 * each, and Restore. The bin is read from the API when the page opens and again when an event moves a
 * share into or out of the bin state the share machine declares (its {@code soft_delete} operation's
 * target); it is never polled. FX thread only.
 */
public final class RecycleBinViewModel {

    /** The recycle bin's microversion. */
    static final String RECYCLE_BIN = "2.69";
    private static final String SHARE = "share";
    private static final String BIN = "soft_delete";
    private static final String RESTORE = "restore_from_bin";

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final Supplier<Catalog> catalog;
    private final Role role;
    private final ObservableList<Share> shares = FXCollections.observableArrayList();
    private final ObjectProperty<Share> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper restoreRefusal = new ReadOnlyStringWrapper(this, "restoreRefusal", "");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder",
            "The recycle bin is empty.");
    private long generation;

    public RecycleBinViewModel(LockstepClient client, TaskExecutor executor, NoticeBoard notices,
                               Supplier<Catalog> catalog, Role role) {
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.catalog = catalog;
        this.role = role;
        selected.addListener((o, a, b) -> refresh());
        refresh();
    }

    /** Reads the bin again. */
    public void load() {
        long g = ++generation;
        executor.submit(() -> client.call(client.manila().sharesAt(RECYCLE_BIN, Map.of("is_soft_deleted", "true")))
                .shares(), list -> {
                    if (g == generation) {
                        Share keep = selected.get();
                        shares.setAll(list);
                        selected.set(keep == null ? null : list.stream().filter(s -> s.id().equals(keep.id()))
                                .findFirst().orElse(null));
                        placeholder.set("The recycle bin is empty.");
                        refresh();
                    }
                }, e -> placeholder.set("The recycle bin could not be read: " + e.getMessage()));
    }

    /** A batch of events: read again if a share entered or left the bin. */
    public void onEvents(List<Event> batch) {
        Optional<String> bin = binState();
        if (bin.isPresent() && batch.stream().anyMatch(e -> SHARE.equals(e.resourceType())
                && (bin.get().equals(e.to()) || bin.get().equals(e.from())))) {
            load();
        }
    }

    /** The state the share machine's soft delete leads to, if the service has a recycle bin. */
    private Optional<String> binState() {
        Catalog c = catalog.get();
        return c == null ? Optional.empty() : c.operation(SHARE, BIN).map(op -> op.success().get(0));
    }

    /** Takes the selected share back out of the bin. */
    public void restore() {
        Share s = selected.get();
        OperationDescriptor op = catalog.get().operation(SHARE, RESTORE).orElseThrow();
        Map<String, Object> body = new HashMap<>();
        body.put(op.trigger().action(), null);
        executor.submit(() -> {
            client.call(client.manila().postAt(RECYCLE_BIN, "v2" + op.trigger().path().replace("{id}", s.id()), body));
            return null;
        }, ok -> {
            notices.post(Notice.Level.SUCCESS, "Share '" + (s.name() == null ? s.id() : s.name())
                    + "' restored from the recycle bin.");
            load();
        }, e -> notices.post(Notice.Level.ERROR, e instanceof ApiException a && a.detail() != null
                ? a.detail().message() : e.getMessage()));
    }

    private void refresh() {
        Catalog c = catalog.get();
        Optional<OperationDescriptor> op = c == null ? Optional.empty() : c.operation(SHARE, RESTORE);
        if (op.isEmpty()) {
            restoreRefusal.set("This service has no recycle bin.");
        } else if (!role.allows(Role.fromWire(op.get().role()))) {
            restoreRefusal.set("Restore needs the " + op.get().role() + " role.");
        } else if (selected.get() == null) {
            restoreRefusal.set("Select a share first.");
        } else {
            restoreRefusal.set("");
        }
    }

    /** The catalog arrived or changed: what Restore may do may have too. */
    public void catalogChanged() {
        refresh();
        load();
    }

    public ObservableList<Share> shares() {
        return shares;
    }

    public ObjectProperty<Share> selectedProperty() {
        return selected;
    }

    /** Empty when Restore may be pressed, else why not. */
    public ReadOnlyStringProperty restoreRefusalProperty() {
        return restoreRefusal.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }
}
