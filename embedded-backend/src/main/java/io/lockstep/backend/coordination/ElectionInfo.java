package io.lockstep.backend.coordination;

import java.time.Instant;
import java.util.List;

/**
 * An election as any node sees it.
 *
 * @param leader null while nobody leads
 * @param since  when the current term began
 */
public record ElectionInfo(String name, Holder leader, List<Holder> participants, long term, Instant since) {
}
