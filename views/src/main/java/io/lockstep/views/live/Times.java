package io.lockstep.views.live;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Timestamps as the service writes them: ISO instants in events, Manila's zone-less UTC in resources. */
public final class Times {

    private Times() {
    }

    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** {@code 850 ms}, {@code 12 s}, {@code 3 min 05 s}, {@code 2 h 04 min}: as an operator reads a duration. */
    public static String humanDuration(java.time.Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format("%d min %02d s", s / 60, s % 60);
        }
        return String.format("%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
