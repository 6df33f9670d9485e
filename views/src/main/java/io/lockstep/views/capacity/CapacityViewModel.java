package io.lockstep.views.capacity;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.pool.StoragePoolView;
import io.lockstep.api.quota.QuotaResource;
import io.lockstep.api.quota.QuotaSetEnvelope;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import io.lockstep.api.statemachine.StateKind;
import io.lockstep.views.live.Catalog;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Pools and quotas page: each storage pool with how full it is (admins), and a project's quotas
 * with what is in use. Both change only when a resource is created, resized or gone, so they are read
 * again when such a transition arrives in the event stream (never while a read is still out, and at
 * most once a second under a stream of them: a read replaced both tables every pulse at 300 transitions
 * a second), and after a change made here. FX thread only.
 */
public final class CapacityViewModel {

    /** A pool: its size, what shares take of it, and its traits ("thin · dedupe · snapshots"). */
    public record PoolRow(String name, String zone, double totalGb, double allocatedGb, String traits) {
        public double fraction() {
            return totalGb <= 0 ? 0 : Math.min(1, allocatedGb / totalGb);
        }

        public String usage() {
            return String.format("%.0f of %.0f GB (%.0f%%)", allocatedGb, totalGb, fraction() * 100);
        }
    }

    /** A quota: what is in use (and reserved) against its limit, -1 being unlimited. */
    public record QuotaRow(QuotaResource resource, int inUse, int limit, int reserved) {
        public double fraction() {
            if (resource == QuotaResource.PER_SHARE_GIGABYTES) {
                return 0; // a cap on each share, not something used up
            }
            return limit < 0 ? 0 : limit == 0 ? 1 : Math.min(1, (inUse + reserved) / (double) limit);
        }

        public String usage() {
            if (resource == QuotaResource.PER_SHARE_GIGABYTES) {
                return limit < 0 ? "no size cap per share" : "each share at most " + limit + " GB";
            }
            String of = limit < 0 ? "unlimited" : Integer.toString(limit);
            return inUse + (reserved > 0 ? " (+" + reserved + " reserved)" : "") + " of " + of;
        }

        /** Nearly full (90 % or more) or full. */
        public boolean tight() {
            return limit >= 0 && fraction() >= 0.9;
        }
    }

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final boolean admin;
    private final ObservableList<PoolRow> pools = FXCollections.observableArrayList();
    private final ObservableList<QuotaRow> quotas = FXCollections.observableArrayList();
    private final StringProperty project = new SimpleStringProperty(this, "project");
    private final StringProperty poolsNote = new SimpleStringProperty(this, "poolsNote", "");
    private final ObjectProperty<QuotaResource> limitResource = new SimpleObjectProperty<>(this, "limitResource",
            QuotaResource.SHARES);
    private final StringProperty limitValue = new SimpleStringProperty(this, "limitValue", "");
    private final BooleanProperty force = new SimpleBooleanProperty(this, "force", false);
    private boolean reading;
    private boolean readAgain;
    private boolean opened;
    /** An event asked for a read that waits for its turn ({@link #tick}). */
    private boolean stale;
    private long lastEventReadNanos = Long.MIN_VALUE;
    private static final long EVENT_READ_INTERVAL_NANOS = 1_000_000_000L;

    private final Supplier<Catalog> catalog;

    /** @param catalog the served machines: which kinds count against quotas, and their states' kinds */
    public CapacityViewModel(LockstepClient client, TaskExecutor executor, NoticeBoard notices, boolean admin,
                             String project, Supplier<Catalog> catalog) {
        this.catalog = catalog;
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.admin = admin;
        this.project.set(project);
    }

    /** Reads pools and the project's quotas; a second call while reading reads once more afterwards. */
    public void refresh() {
        opened = true;
        if (reading) {
            readAgain = true;
            return;
        }
        reading = true;
        String p = project.get();
        executor.submit(() -> read(p), r -> {
            replaceChanged(pools, r.pools());
            replaceChanged(quotas, r.quotas());
            poolsNote.set(r.poolsNote());
            done();
        }, e -> {
            notices.post(Notice.Level.ERROR, "Could not read quotas of " + p + ": " + message(e));
            done();
        });
    }

    /** Only the rows that changed are replaced, so the tables redraw those and keep the rest. */
    private static <T> void replaceChanged(ObservableList<T> shown, List<T> fresh) {
        if (shown.size() != fresh.size()) {
            shown.setAll(fresh);
            return;
        }
        for (int i = 0; i < fresh.size(); i++) {
            if (!shown.get(i).equals(fresh.get(i))) {
                shown.set(i, fresh.get(i));
            }
        }
    }

    private void done() {
        reading = false;
        if (readAgain) {
            readAgain = false;
            refresh();
        }
    }

    private record Read(List<PoolRow> pools, List<QuotaRow> quotas, String poolsNote) {
    }

    private Read read(String p) throws Exception {
        List<PoolRow> poolRows = new ArrayList<>();
        String note = "";
        if (admin) {
            for (StoragePoolView v : client.call(client.manila().poolsDetail()).pools()) {
                poolRows.add(new PoolRow(v.name(), v.zone(), v.number("total_capacity_gb"),
                        v.number("allocated_capacity_gb"), traits(v)));
            }
        } else {
            note = "Pools are shown to admins (Manila's scheduler-stats API is theirs).";
        }
        QuotaSetEnvelope set = client.call(client.manila().quotaDetail(p));
        List<QuotaRow> quotaRows = set.lines().values().stream().filter(l -> l.resource().enforced())
                .map(l -> new QuotaRow(l.resource(), l.inUse(), l.limit(), l.reserved())).toList();
        return new Read(poolRows, quotaRows, note);
    }

    static String traits(StoragePoolView v) {
        List<String> t = new ArrayList<>();
        t.add(v.flag("thin_provisioning") ? "thin ×" + trim(v.number("max_over_subscription_ratio")) : "thick");
        for (String c : List.of("snapshot_support", "revert_to_snapshot_support", "dedupe", "compression")) {
            if (v.flag(c)) {
                t.add(c.replace("_support", "").replace('_', ' '));
            }
        }
        return String.join(" · ", t);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * A batch from the event stream: reads again when a kind that counts against quotas (as its machine
     * declares) was made, finished an operation (a resize) or reached its terminal state.
     */
    public void onEvents(List<Event> batch) {
        Catalog c = catalog.get();
        if (!opened || c == null) {
            return;
        }
        boolean counted = batch.stream().anyMatch(e -> e.kind() == EventKind.TRANSITION
                && c.find(e.resourceType()).map(m -> m.usage() != null).orElse(false)
                && (e.from() == null || c.isTransitional(e.resourceType(), e.from())
                || c.kind(e.resourceType(), e.to()) == StateKind.TERMINAL));
        if (counted) {
            stale = true;
            readIfDue();
        }
    }

    /** Once a second (the console's ticker): a read an event asked for while the last was recent. */
    public void tick() {
        readIfDue();
    }

    private void readIfDue() {
        long now = System.nanoTime();
        if (stale && !reading && (lastEventReadNanos == Long.MIN_VALUE
                || now - lastEventReadNanos >= EVENT_READ_INTERVAL_NANOS)) {
            stale = false;
            lastEventReadNanos = now;
            refresh();
        }
    }

    /** Sets the chosen resource's limit for the project (admin; -1 is unlimited). */
    public void setLimit() {
        QuotaResource r = limitResource.get();
        String p = project.get();
        int value;
        try {
            value = Integer.parseInt(limitValue.get().strip());
        } catch (NumberFormatException e) {
            notices.post(Notice.Level.WARNING, "A limit is a whole number, -1 for unlimited.");
            return;
        }
        Map<String, Object> set = new java.util.LinkedHashMap<>();
        set.put(r.wire(), value);
        if (force.get()) {
            set.put("force", true);
        }
        executor.submit(() -> client.call(client.manila().updateQuotas(p, Map.of("quota_set", set))), ok -> {
            notices.post(Notice.Level.SUCCESS, "Quota " + r.wire() + " of " + p + " set to " + value + ".");
            limitValue.set("");
            refresh();
        }, e -> notices.post(Notice.Level.ERROR, "Quota " + r.wire() + " of " + p + " not set: " + message(e)));
    }

    private static String message(Throwable e) {
        return e instanceof ApiException a && a.detail() != null ? a.detail().message() : e.getMessage();
    }

    public boolean admin() {
        return admin;
    }

    public ObservableList<PoolRow> pools() {
        return pools;
    }

    public ObservableList<QuotaRow> quotas() {
        return quotas;
    }

    public StringProperty projectProperty() {
        return project;
    }

    public StringProperty poolsNoteProperty() {
        return poolsNote;
    }

    public ObjectProperty<QuotaResource> limitResourceProperty() {
        return limitResource;
    }

    public StringProperty limitValueProperty() {
        return limitValue;
    }

    public BooleanProperty forceProperty() {
        return force;
    }
}
