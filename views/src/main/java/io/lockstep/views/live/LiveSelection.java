package io.lockstep.views.live;

import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TableView;

/**
 * Ties a table's selection to a view model's selection property by key, so that it survives the
 * live list replacing a row's record with a fresher one.
 *
 * <p>The cluster's tables are fed records: each answer replaces a changed row (a lock's hold time, a
 * service's heartbeat, a job's progress) and the table's selection model takes a replacement for a
 * removal, clearing the selection about once a second under the operator's hand. Here the row chosen is
 * remembered by key: when its record is replaced it is selected again and the view model gets the
 * fresher record, so actions judge the row as it is now; when it leaves the list the selection is
 * cleared rather than moved to a neighbour the operator did not choose.
 */
public final class LiveSelection<T> {

    private final TableView<T> table;
    private final ObjectProperty<T> selected;
    private final Function<? super T, ?> key;
    /** The key of the row the operator (or the view model) chose; null when none is. */
    private Object chosen;
    /** Set while this class changes either side, so it does not answer its own changes. */
    private boolean syncing;

    private LiveSelection(TableView<T> table, ObjectProperty<T> selected, Function<? super T, ?> key) {
        this.table = table;
        this.selected = selected;
        this.key = key;
    }

    /** Binds the two; the table's items list must stay the same list. */
    public static <T> LiveSelection<T> bind(TableView<T> table, ObjectProperty<T> selected, Function<? super T, ?> key) {
        LiveSelection<T> s = new LiveSelection<>(table, selected, key);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, is) -> s.tableSelected(was, is));
        // Added after the selection model's own listener, so it runs once the model has had its say.
        table.getItems().addListener((ListChangeListener<T>) c -> s.itemsChanged());
        selected.addListener((o, was, is) -> s.modelSelected(is));
        if (selected.get() != null) {
            s.modelSelected(selected.get());
        }
        return s;
    }

    private void tableSelected(T was, T is) {
        if (syncing) {
            return;
        }
        if (was != null && !holds(was)) {
            // The list changed under the selection: the chosen row's record was replaced (the model cleared the
            // selection) or the row left (the model may have moved to a neighbour). Both are settled in
            // itemsChanged, once the change is through.
            boolean stillListed = find(key.apply(was)) != null;
            if (is == null ? stillListed : !stillListed) {
                return;
            }
        }
        chosen = is == null ? null : key.apply(is);
        set(is);
    }

    private void itemsChanged() {
        if (chosen == null) {
            return;
        }
        T fresh = find(chosen);
        syncing = true;
        try {
            if (fresh == null) {
                chosen = null;
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != fresh) {
                table.getSelectionModel().select(fresh);
            }
        } finally {
            syncing = false;
        }
        set(fresh);
    }

    private void modelSelected(T is) {
        if (syncing) {
            return;
        }
        chosen = is == null ? null : key.apply(is);
        T row = chosen == null ? null : find(chosen);
        syncing = true;
        try {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            } else if (table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
                table.scrollTo(row);
            }
        } finally {
            syncing = false;
        }
    }

    private void set(T value) {
        if (selected.get() == value) {
            return;
        }
        syncing = true;
        try {
            selected.set(value);
        } finally {
            syncing = false;
        }
    }

    private boolean holds(T row) {
        for (T t : table.getItems()) {
            if (t == row) {
                return true;
            }
        }
        return false;
    }

    private T find(Object k) {
        for (T t : table.getItems()) {
            if (Objects.equals(k, key.apply(t))) {
                return t;
            }
        }
        return null;
    }
}
