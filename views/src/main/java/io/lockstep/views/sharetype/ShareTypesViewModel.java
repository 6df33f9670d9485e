package io.lockstep.views.sharetype;

import io.lockstep.api.sharetype.CreateShareType;
import io.lockstep.api.sharetype.ShareTypeView;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Share types page: every type (an admin sees private ones too) with its extra specs and, for a
 * private type, the projects that may use it; an admin creates and deletes types, sets and unsets specs
 * and gives or takes access. Types are configuration, not resources with states: they are read when the
 * page opens and after each change made here. FX thread only.
 */
public final class ShareTypesViewModel {

    /** One extra spec of the selected type. */
    public record Spec(String key, String value, boolean required) {
    }

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final boolean admin;
    private final ObservableList<ShareTypeView> types = FXCollections.observableArrayList();
    private final ObjectProperty<ShareTypeView> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObservableList<Spec> specs = FXCollections.observableArrayList();
    private final ObservableList<String> projects = FXCollections.observableArrayList();
    private final StringProperty newName = new SimpleStringProperty(this, "newName", "");
    private final StringProperty newDescription = new SimpleStringProperty(this, "newDescription", "");
    private final BooleanProperty newPublic = new SimpleBooleanProperty(this, "newPublic", true);
    private final BooleanProperty newDhss = new SimpleBooleanProperty(this, "newDhss", false);
    private final BooleanProperty newSnapshots = new SimpleBooleanProperty(this, "newSnapshots", true);
    private final StringProperty specKey = new SimpleStringProperty(this, "specKey", "");
    private final StringProperty specValue = new SimpleStringProperty(this, "specValue", "");
    private final StringProperty project = new SimpleStringProperty(this, "project", "");

    public ShareTypesViewModel(LockstepClient client, TaskExecutor executor, NoticeBoard notices, boolean admin) {
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.admin = admin;
        selected.addListener((o, was, t) -> showSelected(t));
    }

    /** Reads the types again, keeping the selection by id. */
    public void refresh() {
        String keep = selected.get() == null ? null : selected.get().id();
        executor.submit(() -> client.call(client.manila().shareTypes(admin ? "none" : null)).shareTypes(), list -> {
            types.setAll(list);
            ShareTypeView again = list.stream().filter(t -> t.id().equals(keep)).findFirst().orElse(null);
            if (java.util.Objects.equals(again, selected.get())) {
                showSelected(again); // its access list may have changed, which the type's view does not show
            } else {
                selected.set(again);
            }
        }, e -> notices.post(Notice.Level.ERROR, "Could not read the share types: " + message(e)));
    }

    private void showSelected(ShareTypeView t) {
        specs.clear();
        projects.clear();
        if (t == null) {
            return;
        }
        t.extraSpecs().forEach((k, v) -> specs.add(new Spec(k, String.valueOf(v),
                t.requiredExtraSpecs() != null && t.requiredExtraSpecs().containsKey(k))));
        if (admin && Boolean.FALSE.equals(t.isPublic())) {
            executor.submit(() -> client.call(client.manila().shareTypeAccess(t.id())).entries(),
                    entries -> projects.setAll(entries.stream().map(e -> e.projectId()).toList()),
                    e -> notices.post(Notice.Level.ERROR, "Could not read who may use " + t.name() + ": " + message(e)));
        }
    }

    /** Creates a type from the form: name, description, public, driver_handles_share_servers, snapshot_support. */
    public void create() {
        String name = newName.get().trim();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("driver_handles_share_servers", newDhss.get() ? "True" : "False");
        extra.put("snapshot_support", newSnapshots.get() ? "True" : "False");
        String description = newDescription.get().isBlank() ? null : newDescription.get().trim();
        CreateShareType body = CreateShareType.of(name, description, newPublic.get(), extra); // the form as it is now
        change(() -> client.call(client.manila().createShareType(body)), "Share type " + name + " created.", () -> {
            newName.set("");
            newDescription.set("");
        });
    }

    public void delete(ShareTypeView t) {
        change(() -> client.call(client.manila().deleteShareType(t.id())), "Share type " + t.name() + " deleted.",
                () -> selected.set(null));
    }

    /** Sets the form's key to its value on the selected type. */
    public void setSpec() {
        ShareTypeView t = selected.get();
        String key = specKey.get().trim();
        String value = specValue.get().trim();
        change(() -> client.call(client.manila().setExtraSpecs(t.id(), Map.of("extra_specs", Map.of(key, value)))),
                t.name() + ": " + key + " set.", () -> specKey.set(""));
    }

    public void unsetSpec(Spec s) {
        ShareTypeView t = selected.get();
        change(() -> client.call(client.manila().unsetExtraSpec(t.id(), s.key())), t.name() + ": " + s.key()
                + " unset.", () -> { });
    }

    public void addProject() {
        ShareTypeView t = selected.get();
        String p = project.get().trim();
        change(() -> client.call(client.manila().shareTypeAction(t.id(), Map.of("addProjectAccess",
                Map.of("project", p)))), "Project " + p + " may use " + t.name() + ".", () -> project.set(""));
    }

    public void removeProject(String p) {
        ShareTypeView t = selected.get();
        change(() -> client.call(client.manila().shareTypeAction(t.id(), Map.of("removeProjectAccess",
                Map.of("project", p)))), "Project " + p + " may no longer use " + t.name() + ".", () -> { });
    }

    private void change(Callable<?> call, String done, Runnable after) {
        executor.submit(call, r -> {
            notices.post(Notice.Level.SUCCESS, done);
            after.run();
            refresh();
        }, e -> notices.post(Notice.Level.ERROR, message(e)));
    }

    private static String message(Throwable e) {
        return e instanceof ApiException a && a.detail() != null ? a.detail().message() : e.getMessage();
    }

    /** A type's visibility as the clients show it. */
    public static String visibility(ShareTypeView t) {
        return Boolean.FALSE.equals(t.isPublic()) ? "private" : "public";
    }

    /** The specs that matter at a glance, e.g. "DHSS False · snapshots True". */
    public static String summary(ShareTypeView t) {
        Map<String, Object> s = t.extraSpecs();
        return "DHSS " + s.getOrDefault("driver_handles_share_servers", "?") + " · snapshots "
                + s.getOrDefault("snapshot_support", "False") + (s.size() > 2 ? " · " + (s.size() - 2) + " more" : "");
    }

    public boolean admin() {
        return admin;
    }

    public ObservableList<ShareTypeView> types() {
        return types;
    }

    public ObjectProperty<ShareTypeView> selectedProperty() {
        return selected;
    }

    public ObservableList<Spec> specs() {
        return specs;
    }

    public ObservableList<String> projects() {
        return projects;
    }

    public StringProperty newNameProperty() {
        return newName;
    }

    public StringProperty newDescriptionProperty() {
        return newDescription;
    }

    public BooleanProperty newPublicProperty() {
        return newPublic;
    }

    public BooleanProperty newDhssProperty() {
        return newDhss;
    }

    public BooleanProperty newSnapshotsProperty() {
        return newSnapshots;
    }

    public StringProperty specKeyProperty() {
        return specKey;
    }

    public StringProperty specValueProperty() {
        return specValue;
    }

    public StringProperty projectProperty() {
        return project;
    }

    /** Rows of the types table for tests: name, visibility, summary. */
    public List<String> rows() {
        return types.stream().map(t -> t.name() + " | " + visibility(t) + " | " + summary(t)).toList();
    }
}
