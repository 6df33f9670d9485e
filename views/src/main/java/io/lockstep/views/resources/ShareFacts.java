package io.lockstep.views.resources;

import io.lockstep.api.event.Event;
import io.lockstep.api.share.Share;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import io.lockstep.views.action.Notice;
import io.lockstep.views.action.NoticeBoard;
import io.lockstep.views.concurrent.TaskExecutor;
import io.lockstep.views.live.LiveModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the detail pane shows of a selected share beyond its status (type, zone, where it is, whether
 * it is public, its metadata), and the changes an operator makes there: public or private, metadata
 * set and unset. The share is read when selected and again when one of its transitions arrives or a
 * change made here succeeds. FX thread only.
 */
public final class ShareFacts {

    private final LockstepClient client;
    private final TaskExecutor executor;
    private final NoticeBoard notices;
    private final boolean mayEdit;
    private final ObjectProperty<Share> share = new SimpleObjectProperty<>(this, "share");
    private final StringProperty summary = new SimpleStringProperty(this, "summary", "");
    private final StringProperty metadata = new SimpleStringProperty(this, "metadata", "");
    private final BooleanProperty isPublic = new SimpleBooleanProperty(this, "isPublic");
    private final StringProperty entry = new SimpleStringProperty(this, "entry", "");
    private String shownId;
    private long generation;

    /** @param mayEdit whether the session's role may change shares (operator and up; the service checks too) */
    public ShareFacts(LockstepClient client, TaskExecutor executor, NoticeBoard notices, boolean mayEdit) {
        this.client = client;
        this.executor = executor;
        this.notices = notices;
        this.mayEdit = mayEdit;
    }

    /** Shows the share {@code id} (null, or another kind's id: nothing). */
    public void show(String type, String id) {
        shownId = LiveModel.SHARE.equals(type) ? id : null;
        long g = ++generation;
        share.set(null);
        render(null);
        if (shownId == null) {
            return;
        }
        executor.submit(() -> client.call(client.manila().share(id)).share(), s -> {
            if (g == generation) {
                share.set(s);
                render(s);
            }
        }, e -> { });
    }

    /** A batch of events: the shown share is read again if one of them is about it. */
    public void onEvents(List<Event> batch) {
        if (shownId != null && batch.stream().anyMatch(e -> LiveModel.SHARE.equals(e.resourceType())
                && shownId.equals(e.resourceId()))) {
            show(LiveModel.SHARE, shownId);
        }
    }

    private void render(Share s) {
        if (s == null) {
            summary.set("");
            metadata.set("");
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("Type ").append(s.shareTypeName() != null ? s.shareTypeName() : s.shareType());
        b.append("  ·  Zone ").append(s.availabilityZone());
        if (s.host() != null) {
            b.append("  ·  Pool ").append(s.host());
        }
        b.append("  ·  ").append(Boolean.TRUE.equals(s.isPublic()) ? "public" : "private");
        summary.set(b.toString());
        Map<String, String> m = s.metadata() == null ? Map.of() : new TreeMap<>(s.metadata());
        metadata.set(m.isEmpty() ? "No metadata." : "Metadata: " + String.join(", ", m.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        isPublic.set(Boolean.TRUE.equals(s.isPublic()));
    }

    /** Makes the shown share public if it is private, and private if public. */
    public void togglePublic() {
        Share s = share.get();
        boolean to = !Boolean.TRUE.equals(s.isPublic());
        change(() -> client.call(client.manila().updateShare(s.id(), Map.of("share", Map.of("is_public", to)))),
                "Share '" + s.name() + "' is now " + (to ? "public" : "private") + ".");
    }

    /** The problem with the metadata entry ({@code key=value}), or null when it can be sent. */
    public String entryProblem() {
        String e = entry.get() == null ? "" : entry.get().strip();
        int eq = e.indexOf('=');
        if (eq <= 0) {
            return "Write key=value.";
        }
        if (eq > 255 || e.length() - eq - 1 > 1023) {
            return "A key is at most 255 characters, a value 1023.";
        }
        return null;
    }

    /** Sets the entry's key to its value on the shown share. */
    public void setMetadata() {
        Share s = share.get();
        String e = entry.get().strip();
        String key = e.substring(0, e.indexOf('=')).strip();
        String value = e.substring(e.indexOf('=') + 1).strip();
        change(() -> client.call(client.manila().setShareMetadata(s.id(), Map.of("metadata", Map.of(key, value)))),
                "Share '" + s.name() + "': " + key + " set.");
        entry.set("");
    }

    /** Unsets the entry's key (what is before '=', or all of it) on the shown share. */
    public void unsetMetadata() {
        Share s = share.get();
        String e = entry.get().strip();
        String key = (e.contains("=") ? e.substring(0, e.indexOf('=')) : e).strip();
        change(() -> client.call(client.manila().unsetShareMetadata(s.id(), key)),
                "Share '" + s.name() + "': " + key + " unset.");
        entry.set("");
    }

    private void change(java.util.concurrent.Callable<?> call, String done) {
        String id = shownId;
        executor.submit(call, r -> {
            notices.post(Notice.Level.SUCCESS, done);
            if (id != null && id.equals(shownId)) {
                show(LiveModel.SHARE, id);
            }
        }, e -> notices.post(Notice.Level.ERROR, e instanceof ApiException a && a.detail() != null
                ? a.detail().message() : e.getMessage()));
    }

    public boolean mayEdit() {
        return mayEdit;
    }

    public ObjectProperty<Share> shareProperty() {
        return share;
    }

    public StringProperty summaryProperty() {
        return summary;
    }

    public StringProperty metadataProperty() {
        return metadata;
    }

    public BooleanProperty publicProperty() {
        return isPublic;
    }

    public StringProperty entryProperty() {
        return entry;
    }
}
