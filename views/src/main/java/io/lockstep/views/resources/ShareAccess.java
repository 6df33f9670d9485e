package io.lockstep.views.resources;

import io.lockstep.api.auth.Role;
import io.lockstep.api.event.Event;
import io.lockstep.api.share.AccessRule;
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
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Access tab of a selected share: its rules with their states, and Allow and Deny, each enabled
 * only where the service's declaration allows it (the rule kind's {@code parent_in} guard on the share's
 * status, the deny's starting states, the caller's role); the reason shows when not. The rules are read
 * when the share is selected and again when an event about one of them (or the share) arrives. FX thread
 * only.
 */
public final class ShareAccess {

    /** The rule kind and its operations, as the service declares them. */
    public static final String KIND = "access_rule";
    private static final String ALLOW = "allow";
    private static final String DENY = "deny";
    /** The types Manila's API accepts; the storage decides which it serves for a protocol. */
    public static final List<String> TYPES = List.of("ip", "user", "cert", "cephx");
    public static final List<String> LEVELS = List.of("rw", "ro");

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final Supplier<Catalog> catalog;
    private final Role role;
    private final ObservableList<AccessRule> rules = FXCollections.observableArrayList();
    private final ObjectProperty<AccessRule> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectProperty<Share> share = new SimpleObjectProperty<>(this, "share");
    private final StringProperty type = new SimpleStringProperty(this, "type", TYPES.get(0));
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final StringProperty level = new SimpleStringProperty(this, "level", LEVELS.get(0));
    private final StringProperty allowRefusal = new SimpleStringProperty(this, "allowRefusal", "");
    private final StringProperty denyRefusal = new SimpleStringProperty(this, "denyRefusal", "");
    private long generation;

    public ShareAccess(LockstepClient client, TaskExecutor executor, NoticeBoard notices, Supplier<Catalog> catalog,
                       Role role, ObjectProperty<Share> shownShare) {
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.catalog = catalog;
        this.role = role;
        shownShare.addListener((o, before, now) -> {
            boolean other = now == null || before == null || !before.id().equals(now.id());
            share.set(now);
            if (other) {
                rules.clear();
                load();
            }
            refresh();
        });
        selected.addListener((o, a, b) -> refresh());
        target.addListener((o, a, b) -> refresh());
        refresh();
    }

    /** A batch of events: the rules are read again if one is about a rule of the shown share. */
    public void onEvents(List<Event> batch) {
        Share s = share.get();
        if (s != null && batch.stream().anyMatch(e -> KIND.equals(e.resourceType()) && e.row() != null
                && s.id().equals(e.row().get("parent_id")))) {
            load();
        }
    }

    private void load() {
        Share s = share.get();
        long g = ++generation;
        if (s == null) {
            return;
        }
        executor.submit(() -> client.call(client.manila().accessRules(s.id())).accessList(), list -> {
            if (g == generation) {
                AccessRule keep = selected.get();
                rules.setAll(list);
                selected.set(keep == null ? null : list.stream().filter(r -> r.id().equals(keep.id())).findFirst()
                        .orElse(null));
                refresh();
            }
        }, e -> { });
    }

    /** Sends {@code allow_access} for the entered target. */
    public void allow() {
        Share s = share.get();
        String to = target.get().strip();
        send(s, Map.of("allow_access", Map.of("access_type", type.get(), "access_to", to, "access_level", level.get())),
                "Access " + type.get() + ":" + to + " (" + level.get() + ") asked for on '" + s.name() + "'.");
        target.set("");
    }

    /** Sends {@code deny_access} for the selected rule. */
    public void deny() {
        Share s = share.get();
        AccessRule r = selected.get();
        send(s, Map.of("deny_access", Map.of("access_id", r.id())),
                "Access " + r.accessType() + ":" + r.accessTo() + " revoked on '" + s.name() + "'.");
    }

    private void send(Share s, Map<String, Object> action, String done) {
        executor.submit(() -> client.call(client.manila().shareActionAnswered(s.id(), action)), r -> {
            notices.post(Notice.Level.SUCCESS, done);
            load();
        }, e -> notices.post(Notice.Level.ERROR, e instanceof ApiException a && a.detail() != null
                ? a.detail().message() : e.getMessage()));
    }

    private void refresh() {
        allowRefusal.set(refusal(ALLOW, null).orElse(target.get().isBlank() ? "Enter who gets access." : ""));
        denyRefusal.set(selected.get() == null ? "Select a rule first." : refusal(DENY, selected.get()).orElse(""));
    }

    /** Why the operation may not start now, from its declaration, or empty when it may. */
    private Optional<String> refusal(String operation, AccessRule rule) {
        Share s = share.get();
        Catalog c = catalog.get();
        Optional<OperationDescriptor> op = c == null ? Optional.empty() : c.operation(KIND, operation);
        if (s == null || op.isEmpty()) {
            return Optional.of("This service has no access rules.");
        }
        if (!role.allows(Role.fromWire(op.get().role()))) {
            return Optional.of(operation + " needs the " + op.get().role() + " role.");
        }
        for (GuardDescriptor g : op.get().guards()) {
            if (g.kind().equals("parent_in") && !g.states().contains(s.status())) {
                return Optional.of("The share is " + s.status() + "; " + operation + " needs it "
                        + String.join(" or ", g.states()) + ".");
            }
        }
        if (rule != null && !op.get().from().contains(rule.state())) {
            return Optional.of("The rule is " + rule.state() + "; " + operation + " needs it "
                    + String.join(" or ", op.get().from()) + ".");
        }
        return Optional.empty();
    }

    /** Whether a state is transitional, for the badge. */
    public String badgeKind(String state) {
        return Catalog.kindName(catalog.get(), KIND, state);
    }

    public ObservableList<AccessRule> rules() {
        return rules;
    }

    public ObjectProperty<AccessRule> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Share> shareProperty() {
        return share;
    }

    public StringProperty typeProperty() {
        return type;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public StringProperty levelProperty() {
        return level;
    }

    /** Empty when Allow may be pressed, else why not. */
    public StringProperty allowRefusalProperty() {
        return allowRefusal;
    }

    /** Empty when Deny may be pressed, else why not. */
    public StringProperty denyRefusalProperty() {
        return denyRefusal;
    }
}
