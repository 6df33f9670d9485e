package io.lockstep.backend.conflict;

/**
 * Paces a loop that reads remote statuses until they settle: {@link #mark} before the reads, {@link #await}
 * after reads that did not settle. Watched by the event stream ({@link StatusWatch}), the loop reads again
 * once a resource it reads has changed; without it, after a pause that grows, since a waiter that polls
 * fast steals the CPU the work it waits on needs.
 */
public sealed interface Pace extends AutoCloseable permits StatusWatch.Interest, Pace.Backoff {

    /** Remembers where the resources are, before they are read. */
    void mark();

    /** Waits for a change since {@link #mark} (or a while). */
    void await() throws InterruptedException;

    @Override
    void close();

    /** Sleeps 10 ms, then half as long again each time, up to 80 ms. */
    final class Backoff implements Pace {
        private static final long LAST_MS = 80;
        private long ms = 10;

        @Override
        public void mark() {
            // nothing to remember: the pause is all there is
        }

        @Override
        public void await() throws InterruptedException {
            Thread.sleep(ms); // polling a remote status; callers bound the loop with a deadline
            ms = Math.min(LAST_MS, ms + ms / 2);
        }

        @Override
        public void close() {
            // holds nothing
        }
    }
}
