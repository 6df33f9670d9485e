package io.lockstep.views.action;

import java.time.Instant;

/** One line of what happened to an operator's action. */
public record Notice(Level level, String text, Instant at) {

    public enum Level { INFO, SUCCESS, WARNING, ERROR }
}
