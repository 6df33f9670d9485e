package io.lockstep.views.live;

import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;

/**
 * A table cell showing something that ages (a hold time, a heartbeat's age, a term in office): it
 * draws itself again, in place, whenever one of its ticks changes. {@code TableView.refresh()} once a
 * second instead threw every cell of the table away and made and styled new ones, a long frame each
 * second under load. FX thread only.
 *
 * @param <R> the row, which is also the cell's item
 */
public abstract class TickingCell<R> extends TableCell<R, R> {

    private final InvalidationListener redraw = o -> {
        R item = getItem();
        if (!isEmpty() && item != null) {
            draw(item);
        }
    };

    /** @param ticks the console's clock, and whatever else the drawing reads (a threshold) */
    protected TickingCell(Observable... ticks) {
        WeakInvalidationListener weak = new WeakInvalidationListener(redraw); // the cell may go before the clock
        for (Observable t : ticks) {
            t.addListener(weak);
        }
    }

    @Override
    protected final void updateItem(R item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setText(null);
            setGraphic(null);
            clear();
        } else {
            draw(item);
        }
    }

    /** Shows {@code item} as of now. */
    protected abstract void draw(R item);

    /** The cell is empty: undo what {@link #draw} set beyond text and graphic. */
    protected void clear() {
    }

    /** A column of text that changes with the clock. */
    public static <R> TableColumn<R, R> column(String title, Observable now, Function<R, String> text) {
        TableColumn<R, R> c = new TableColumn<>(title);
        c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(v.getValue()));
        c.setCellFactory(col -> new TickingCell<>(now) {
            @Override
            protected void draw(R item) {
                setText(text.apply(item));
            }
        });
        return c;
    }

    /** Adds or removes a style class only when it changes (each change restyles the cell). */
    public static void styleClass(javafx.scene.Node node, String styleClass, boolean on) {
        if (node.getStyleClass().contains(styleClass) != on) {
            if (on) {
                node.getStyleClass().add(styleClass);
            } else {
                node.getStyleClass().remove(styleClass);
            }
        }
    }
}
