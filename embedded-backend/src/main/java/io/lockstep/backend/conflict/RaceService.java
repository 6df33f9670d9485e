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

    /**
     * At most this many trials of one cell run in one lane: a cell's trials are split into pieces of this
     * size so that the slowest cells (a migration, a replica's copy) spread over idle lanes instead of
     * keeping a run going on one lane long after the others are done.
     */
    static final int PIECE = 25;

    /** A share of one cell's trials, and the cell's tally that all its pieces add to. */
    private record Piece(ConflictCell cell, int trials, Tally tally) {
    }

    /** One cell's results, recorded once its last piece is in. */
    private static final class Tally {
        private int piecesLeft;
        private CellRacer.Result sum;

        Tally(int pieces) {
            this.piecesLeft = pieces;
        }

        /** Adds a piece's result; the cell's whole result once it was the last piece, else null. */
        synchronized CellRacer.Result add(CellRacer.Result r) {
            sum = sum == null ? r : sum.plus(r);
            return --piecesLeft == 0 ? sum : null;
        }
    }

    /** {@code trials} split into as few near-equal pieces of at most {@link #PIECE} as will do. */
    static int[] pieces(int trials) {
        int n = Math.max(1, (trials + PIECE - 1) / PIECE);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = trials / n + (i < trials % n ? 1 : 0);
        }
        return out;
    }

    private void runAll(Progress p, CellRacer racer, List<ConflictCell> cells, int trials, int parallel, String actor) {
        ConcurrentLinkedQueue<Piece> queue = new ConcurrentLinkedQueue<>();
        for (ConflictCell c : cells) {
            int[] pieces = pieces(trials);
            Tally tally = new Tally(pieces.length);
            for (int n : pieces) {
                queue.add(new Piece(c, n, tally));
            }
        }
        ExecutorService lanes = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, queue.size())),
                daemon("race-lane"));
        try {
            for (int i = 0; i < parallel; i++) {
                lanes.submit(() -> {
                    Piece piece;
                    while ((piece = queue.poll()) != null && !Thread.currentThread().isInterrupted()) {
                        raceOne(p, racer, piece);
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

    private void raceOne(Progress p, CellRacer racer, Piece piece) {
        ConflictCell c = piece.cell();
        CellRacer.Result r;
        try {
            r = racer.race(c, piece.trials());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("racing {} | {} from {} failed", c.a(), c.b(), c.start(), e);
            r = new CellRacer.Result(1, 1, List.of("the racer failed: " + e), null, null);
        }
        p.trials.addAndGet(r.trials());
        p.violations.addAndGet(r.violations());
        CellRacer.Result whole = piece.tally().add(r);
        if (whole != null) {
            records.record(c, whole, clock.millis());
            p.done.incrementAndGet();
            if (whole.violations() > 0) {
                LOG.warn("race of {} | {} from {}: {} violations in {} trials, e.g. {}", c.a(), c.b(), c.start(),
                        whole.violations(), whole.trials(), whole.examples().get(0));
            }
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
