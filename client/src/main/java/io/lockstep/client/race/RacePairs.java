package io.lockstep.client.race;

import io.lockstep.api.snapshot.CreateSnapshot;
import io.lockstep.client.Actions;
import io.lockstep.client.ApiException;
import io.lockstep.client.LockstepClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The parts every race run shares, whoever judges it: sending one racing call, releasing each pair
 * with one barrier, and turning answers plus a run's own checks into a {@link RaceReport}. The
 * console's {@link RaceRunner} checks through the API; the bench harness also reads the database.
 * Stateless and thread-safe.
 */
public final class RacePairs {

    /** One answer: HTTP status and, for a refusal, the server's reason. */
    public record Answer(int status, String message) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /** What one run checks about one trial beyond the answers' shape. */
    public interface Check {
        List<String> violations(String shareId, Answer[] answers);
    }

    private RacePairs() {
    }

    /**
     * Sends one of the racing calls: {@code delete} of the share, a {@code snapshot} of it, or a
     * migration's {@code migration_start} (host-assisted, to pool2), {@code migration_cancel} or
     * {@code migration_complete}.
     */
    public static Answer send(LockstepClient client, String operation, String shareId, String tag) {
        try {
            switch (operation) {
                case "delete" -> client.call(client.manila().deleteShare(shareId));
                case "snapshot" -> client.call(client.manila().createSnapshot(CreateSnapshot.of(shareId,
                        "race-" + tag)));
                case "migration_start" -> client.call(client.manila().shareAction(shareId,
                        Actions.migrationStart("pool2")));
                case "migration_cancel" -> client.call(client.manila().shareAction(shareId, Actions.migrationCancel()));
                case "migration_complete" -> client.call(client.manila().shareAction(shareId,
                        Actions.migrationComplete()));
                default -> throw new IllegalArgumentException("no racing call " + operation);
            }
            return new Answer(202, "");
        } catch (ApiException e) {
            return new Answer(e.status(), e.detail() == null ? "" : e.detail().message());
        }
    }

    /**
     * Releases both calls of each trial at once and collects the answers in trial order.
     *
     * @param progress told how many trials have both answers, as they come in
     */
    public static List<Answer[]> fire(ExecutorService pool, List<String> shares, Function<String, Answer> a,
                                      Function<String, Answer> b, IntConsumer progress) {
        List<Future<Answer>> futures = new ArrayList<>();
        for (String id : shares) {
            CyclicBarrier start = new CyclicBarrier(2);
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return a.apply(id);
            }));
            futures.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                return b.apply(id);
            }));
        }
        List<Answer[]> answers = new ArrayList<>();
        for (int i = 0; i < futures.size(); i += 2) {
            answers.add(new Answer[] {get(futures.get(i)), get(futures.get(i + 1))});
            progress.accept(answers.size());
        }
        return answers;
    }

    /** Counts outcomes, applies {@code check} and the rule that every refusal is a 4xx with a reason. */
    public static RaceReport judge(Race race, List<String> shares, List<Answer[]> answers, Check check) {
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        int violations = 0;
        for (int i = 0; i < shares.size(); i++) {
            Answer[] a = answers.get(i);
            outcomes.merge(race.first() + "=" + a[0].status() + " " + race.second() + "=" + a[1].status(), 1,
                    Integer::sum);
            List<String> v = new ArrayList<>(check.violations(shares.get(i), a));
            for (Answer x : a) {
                if (!x.accepted() && (x.status() < 400 || x.status() > 499 || x.message().isBlank())) {
                    v.add("refusal without a 4xx reason: " + x);
                }
            }
            if (!v.isEmpty()) {
                violations++;
                if (examples.size() < 5) {
                    examples.add(shares.get(i) + ": " + v);
                }
            }
        }
        return new RaceReport(race.label(), shares.size(), outcomes, violations, examples);
    }

    public static int accepted(Answer[] answers) {
        int n = 0;
        for (Answer a : answers) {
            n += a.accepted() ? 1 : 0;
        }
        return n;
    }

    public static <T> T get(Future<T> f) {
        try {
            return f.get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("a racing call did not complete: " + e.getMessage(), e);
        }
    }
}
