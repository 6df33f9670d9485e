package io.lockstep.views.live;

import io.lockstep.api.event.Event;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;
import javafx.scene.control.ListCell;

/** A list row for an event: its local time, then what {@code describe} says of it. */
public final class EventCell extends ListCell<Event> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final Function<Event, String> describe;

    public EventCell(Function<Event, String> describe) {
        this.describe = describe;
    }

    @Override
    protected void updateItem(Event e, boolean empty) {
        super.updateItem(e, empty);
        if (empty || e == null) {
            setText(null);
            return;
        }
        var at = Times.parse(e.at());
        setText((at == null ? "" : TIME.format(at)) + "  " + describe.apply(e));
    }
}
