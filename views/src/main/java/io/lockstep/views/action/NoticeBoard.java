package io.lockstep.views.action;

import java.time.Clock;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The outcomes of operator actions, newest first; the latest is shown in a banner. FX thread only. */
public final class NoticeBoard {

    private static final int KEEP = 200;
    private final Clock clock;
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Notice> latest = new ReadOnlyObjectWrapper<>(this, "latest");

    public NoticeBoard(Clock clock) {
        this.clock = clock;
    }

    public void post(Notice.Level level, String text) {
        Notice n = new Notice(level, text, clock.instant());
        notices.add(0, n);
        if (notices.size() > KEEP) {
            notices.remove(KEEP, notices.size());
        }
        latest.set(n);
    }

    public void dismiss() {
        latest.set(null);
    }

    public ObservableList<Notice> notices() {
        return FXCollections.unmodifiableObservableList(notices);
    }

    public ReadOnlyObjectProperty<Notice> latestProperty() {
        return latest.getReadOnlyProperty();
    }
}
