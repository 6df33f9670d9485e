package io.lockstep.backend.coordination;

import java.time.Instant;
import java.util.List;

/** A lock being held right now: by whom, since when, and who waits for it. */
public record LockInfo(String name, Holder holder, Instant since, long fencingToken, List<Holder> waiters) {
}
