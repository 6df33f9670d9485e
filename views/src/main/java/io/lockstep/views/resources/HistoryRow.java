package io.lockstep.views.resources;

import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventKind;
import io.lockstep.views.live.Times;
import java.time.Instant;

/** One line of a resource's own transition history in the detail pane. */
public record HistoryRow(long eventId, Instant at, String from, String to, String operation, String actor,
                         String outcome) {

    public static HistoryRow of(Event e) {
        String outcome = e.kind() == EventKind.REJECTED
                ? "refused: " + (e.message() == null ? "" : e.message())
                : e.message() != null && !e.message().isBlank() ? e.message() : "done";
        return new HistoryRow(e.id(), Times.parse(e.at()), e.from() == null ? "" : e.from(),
                e.to() == null ? "" : e.to(), e.operation(), e.actor(), outcome);
    }
}
