package io.lockstep.views.audit;

import io.lockstep.api.audit.AuditEntry;
import io.lockstep.api.auth.Role;
import io.lockstep.api.message.Message;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Audit page: every write through the API (newest first), filtered by text and "refused only",
 * and Manila's user messages. Read incrementally (only entries after the newest one shown) each time
 * {@link #refresh} is called, which the console does once a second while the page is showing. FX
 * thread only.
 */
public final class AuditViewModel {

    /** Rows kept in memory; older ones are dropped (the server keeps them all). */
    static final int KEEP = 5000;
    private final LockstepClient client;
    private final Role role;
    private final TaskExecutor executor;
    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<AuditEntry> rows = new FilteredList<>(entries, e -> true);
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final BooleanProperty refusedOnly = new SimpleBooleanProperty(this, "refusedOnly");
    private final ReadOnlyStringWrapper unavailable = new ReadOnlyStringWrapper(this, "unavailable", "");
    private boolean fetching;

    public AuditViewModel(LockstepClient client, Role role, TaskExecutor executor) {
        this.client = client;
        this.role = role;
        this.executor = executor;
        filter.addListener(o -> refilter());
        refusedOnly.addListener(o -> refilter());
        if (!role.allows(Role.OPERATOR)) {
            unavailable.set("The audit log needs the operator role; you are a viewer. Messages are shown below.");
        }
    }

    private void refilter() {
        String f = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
        boolean refused = refusedOnly.get();
        rows.setPredicate(e -> (!refused || !e.accepted()) && (f.isEmpty() || contains(e.actor(), f)
                || contains(e.action(), f) || contains(e.targetId(), f) || contains(e.targetType(), f)
                || contains(e.message(), f) || contains(e.node(), f)));
    }

    private static boolean contains(String s, String f) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(f);
    }

    /** Reads the entries after the newest one shown, and the user messages. */
    public void refresh() {
        if (fetching) {
            return;
        }
        fetching = true;
        long after = entries.isEmpty() ? 0 : entries.get(0).id();
        boolean audit = role.allows(Role.OPERATOR);
        boolean admin = role == Role.ADMIN;
        executor.submit(() -> new Fetched(audit ? client.call(client.lockstep().audit(after, 1000, null, null, null,
                        null)).audit() : List.of(), client.call(client.manila().messages(null, admin ? 1 : null)).messages()),
                f -> {
                    fetching = false;
                    for (AuditEntry e : f.audit()) {
                        entries.add(0, e);
                    }
                    if (entries.size() > KEEP) {
                        entries.remove(KEEP, entries.size());
                    }
                    if (!f.messages().equals(messages)) {
                        messages.setAll(f.messages());
                    }
                }, e -> fetching = false);
    }

    private record Fetched(List<AuditEntry> audit, List<Message> messages) {
    }

    public ObservableList<AuditEntry> rows() {
        return rows;
    }

    public ObservableList<Message> messages() {
        return messages;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty refusedOnlyProperty() {
        return refusedOnly;
    }

    /** Why the audit log is not shown (the caller's role), or empty. */
    public ReadOnlyStringProperty unavailableProperty() {
        return unavailable.getReadOnlyProperty();
    }

    /** {@code share 3f2a…} or {@code lock share/…}: what a write was about, short. */
    public static String target(AuditEntry e) {
        if (e.targetType() == null) {
            return "";
        }
        String id = e.targetId() == null ? "" : e.targetId().length() > 13 ? e.targetId().substring(0, 8) + "…"
                : e.targetId();
        return (e.targetType() + " " + id).strip();
    }

    /** {@code 202} or {@code 409 refused}. */
    public static String outcome(AuditEntry e) {
        return e.outcome() + (e.accepted() ? "" : " refused");
    }
}
