package io.lockstep.views.resources;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.share.Share;
import io.lockstep.api.share.ShareInstance;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.Catalog;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.beans.property.ObjectProperty;

/**
 * The Instances tab of a selected share (admins): the instance that follows it and, while it migrates,
 * the destination with its progress. Read when the share is selected and again when an event about the
 * share or one of its instances arrives (each change of the share is one of its instance's too). FX
 * thread only.
 */
public final class ShareInstances {

    /** The instance kind, as the service declares it. */
    public static final String KIND = "share_instance";

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final Supplier<Catalog> catalog;
    private final boolean admin;
    private final ObservableList<ShareInstance> instances = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(this, "placeholder");
    private Share share;
    private long generation;

    public ShareInstances(LockstepClient client, TaskExecutor executor, Supplier<Catalog> catalog, Role role,
                          ObjectProperty<Share> shownShare) {
        this.client = client;
        this.executor = executor;
        this.catalog = catalog;
        this.admin = role.allows(Role.ADMIN);
        placeholder.set(admin ? "No instances." : "Share instances are shown to admins.");
        shownShare.addListener((o, before, now) -> {
            boolean other = now == null || before == null || !before.id().equals(now.id());
            share = now;
            if (other) {
                instances.clear();
            }
            load();
        });
    }

    /**
     * A batch of events: read again if one is about the shown share, one of its instances or a job working
     * on it (a migration's progress is its destination's).
     */
    public void onEvents(List<Event> batch) {
        Share s = share;
        if (s != null && batch.stream().anyMatch(e -> s.id().equals(e.resourceId())
                || e.row() != null && s.id().equals(e.row().get("resource_id"))
                || KIND.equals(e.resourceType()) && instances.stream().anyMatch(i -> i.id().equals(e.resourceId())))) {
            load();
        }
    }

    private void load() {
        Share s = share;
        long g = ++generation;
        if (s == null || !admin) {
            return;
        }
        executor.submit(() -> client.call(client.manila().shareInstances(s.id())).shareInstances(), list -> {
            if (g == generation) {
                instances.setAll(list);
            }
        }, e -> placeholder.set("Instances could not be read: " + e.getMessage()));
    }

    /** The badge style of an instance status, from the instance kind's declaration. */
    public String badgeKind(String status) {
        return Catalog.kindName(catalog.get(), KIND, status);
    }

    public ObservableList<ShareInstance> instances() {
        return instances;
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }
}
