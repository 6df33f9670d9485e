package io.lockstep.backend.conflict;

import io.lockstep.api.auth.Role;
import io.lockstep.api.conflict.ConflictCell;
import io.lockstep.api.conflict.RaceRequest;
import io.lockstep.api.conflict.RaceRun;
import io.lockstep.api.event.EventKind;
import io.lockstep.backend.driver.HeldAnswers;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Races cells of the conflict matrix for real on this node, one run at a time, in the background: each
 * cell's trials through the node's own HTTP API as the admin who asked, several cells at once, each
 * cell's outcome recorded as its last run as soon as it is done, and a {@code race} event when the run
 * ends. Thread-safe.
 */
public final class RaceService implements AutoCloseable {

    /** Another run is going on. */
    public static final class Busy extends RuntimeException {
        Busy(RaceRun run) {
            super("a race run is going on (" + run.cellsDone() + " of " + run.cells() + " cells done); wait for it "
                    + "to end");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RaceService.class);

    /** Worked out on first use: a node's start does not wait on the checker (150 ms, more on a cold JVM). */
    private final Supplier<List<ConflictCell>> matrix;
    private final RaceRecords records;
    private final EventLog events;
    private final HeldAnswers held;
    private final Supplier<URI> self;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("race-run"));
    private final ExecutorService pairs = Executors.newCachedThreadPool(daemon("race-pair"));
    private final AtomicReference<Progress> current = new AtomicReference<>();

    private final class Progress {
        final String id = UUID.randomUUID().toString();
        final int cells;
        final long startedAt = clock.millis();
        final AtomicInteger done = new AtomicInteger();
        final AtomicLong trials = new AtomicLong();
        final AtomicLong violations = new AtomicLong();
        volatile Long finishedAt;

        Progress(int cells) {
            this.cells = cells;
        }

        RaceRun view() {
            return new RaceRun(id, finishedAt == null ? RaceRun.RUNNING : RaceRun.DONE, cells, done.get(), trials.get(),
                    violations.get(), startedAt, finishedAt);
        }
    }

    /**
     * @param held the driver's held answers (completion cells), or null if the driver is out of reach
     * @param self this node's API address, known once it listens
     */
    public RaceService(Supplier<List<ConflictCell>> matrix, Jdbi jdbi, EventLog events, HeldAnswers held, Supplier<URI> self,
                       Clock clock) {
        this.matrix = memoized(matrix);
        this.records = new RaceRecords(jdbi);
        this.events = events;
        this.held = held;
        this.self = self;
        this.clock = clock;
    }

    private static Supplier<List<ConflictCell>> memoized(Supplier<List<ConflictCell>> work) {
        return new Supplier<>() {
            private List<ConflictCell> cells;

            @Override
            public synchronized List<ConflictCell> get() {
                if (cells == null) {
                    cells = List.copyOf(work.get());
                }
                return cells;
            }
        };
    }

    /** The matrix with each cell's last run. */
    public List<ConflictCell> cells() {
        return records.merge(matrix.get());
    }

    /** The matrix's cells a request selects. */
    public List<ConflictCell> select(RaceRequest r) {
        return matrix.get().stream().filter(c -> c.matches(r.family(), r.a(), r.b(), r.start())).toList();
    }

    public Optional<RaceRun> run(String id) {
        Progress p = current.get();
        return p != null && p.id.equals(id) ? Optional.of(p.view()) : Optional.empty();
    }

    /** The project races create their resources in, apart from anyone's own, with its quotas lifted. */
    public static final String RACE_PROJECT = "lockstep-races";

    /**
     * Starts racing {@code cells} in the background as the caller (an admin's token), in {@link #RACE_PROJECT}.
     *
     * @throws Busy if a run is going on
     */
    public RaceRun start(List<ConflictCell> cells, int trials, int parallel, String token, String actor)
            throws IOException, InterruptedException {
        Progress p = new Progress(cells.size());
        Progress was = current.get();
        if (was != null && was.finishedAt == null || !current.compareAndSet(was, p)) {
            throw new Busy(current.get().view());
        }
        try {
            DescriptorClient client = new DescriptorClient(self.get(), Map.of(Role.ADMIN, token), RACE_PROJECT);
            client.unlimitedQuotas();
            CellRacer racer = new CellRacer(client.watchEvents(), held, pairs);
            runner.submit(() -> {
                try (client) {
                    runAll(p, racer, cells, trials, parallel, actor);
                }
            });
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.finishedAt = clock.millis();
            throw e;
        }
        return p.view();
    }

    private void runAll(Progress p, CellRacer racer, List<ConflictCell> cells, int trials, int parallel, String actor) {
        ConcurrentLinkedQueue<ConflictCell> queue = new ConcurrentLinkedQueue<>(cells);
        ExecutorService lanes = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, cells.size())),
                daemon("race-lane"));
        try {
            for (int i = 0; i < parallel; i++) {
                lanes.submit(() -> {
                    ConflictCell c;
                    while ((c = queue.poll()) != null && !Thread.currentThread().isInterrupted()) {
                        raceOne(p, racer, c, trials);
                    }
                });
            }
            lanes.shutdown();
            lanes.awaitTermination(1, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lanes.shutdownNow();
            p.finishedAt = clock.millis();
            String summary = p.done.get() + " of " + p.cells + " cells raced, " + p.trials.get() + " trials, "
                    + p.violations.get() + " violations in " + (p.finishedAt - p.startedAt) / 1000 + " s";
            LOG.info("race run {}: {}", p.id, summary);
            events.appendAlone(new NewEvent(EventKind.RACE, "conflicts", p.id, null, "race", RaceRun.RUNNING, RaceRun.DONE, actor,
                    summary));
        }
    }

    private void raceOne(Progress p, CellRacer racer, ConflictCell c, int trials) {
        try {
            CellRacer.Result r = racer.race(c, trials);
            records.record(c, r, clock.millis());
            p.trials.addAndGet(r.trials());
            p.violations.addAndGet(r.violations());
            if (r.violations() > 0) {
                LOG.warn("race of {} | {} from {}: {} violations in {} trials, e.g. {}", c.a(), c.b(), c.start(),
                        r.violations(), r.trials(), r.examples().get(0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("racing {} | {} from {} failed", c.a(), c.b(), c.start(), e);
            records.record(c, new CellRacer.Result(1, 1, List.of("the racer failed: " + e), null, null),
                    clock.millis());
            p.trials.incrementAndGet();
            p.violations.incrementAndGet();
        } finally {
            p.done.incrementAndGet();
        }
    }

    @Override
    public void close() {
        runner.shutdownNow();
        pairs.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
