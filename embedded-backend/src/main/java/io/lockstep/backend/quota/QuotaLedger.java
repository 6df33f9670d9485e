package io.lockstep.backend.quota;

import io.lockstep.api.quota.QuotaResource;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.request.OverQuota;
import io.lockstep.backend.statemachine.StateMachine;
import io.lockstep.backend.statemachine.Usage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Quota usage, changed in the caller's transaction by conditional updates: a charge adds only if every
 * row it counts in (project, user, share type) stays within its limit, a release never takes a row
 * below zero. Rows are touched in primary-key order, so concurrent transactions never deadlock on them.
 * Knows resource kinds only through their {@link Usage} declarations. Thread-safe (stateless).
 */
public final class QuotaLedger {

    /** Who a counted resource belongs to and how big it is. */
    public record Counted(String projectId, String userId, String shareTypeId, int size) {

        /** The rows it counts in, in primary-key order. */
        List<QuotaScope> scopes() {
            List<QuotaScope> scopes = new ArrayList<>();
            scopes.add(QuotaScope.project(projectId));
            if (shareTypeId != null && !shareTypeId.isEmpty()) {
                scopes.add(new QuotaScope(projectId, "", shareTypeId));
            }
            if (userId != null && !userId.isEmpty()) {
                scopes.add(new QuotaScope(projectId, userId, ""));
            }
            return scopes;
        }
    }

    /** The default class every project's limits come from until set (Manila's {@code quota_class}). */
    public static final String DEFAULT_CLASS = "default";

    private final Clock clock;

    public QuotaLedger(Clock clock) {
        this.clock = clock;
    }

    /** Who resource {@code id} of {@code m} belongs to, if {@code m} counts against quotas. */
    public static Optional<Counted> counted(Handle h, StateMachine m, String id) {
        Optional<Usage> usage = m.usage();
        if (usage.isEmpty()) {
            return Optional.empty();
        }
        Usage u = usage.get();
        StateMachine root = m.root();
        String typeOf = m == root ? "r." + Usage.TYPE_COLUMN
                : "(SELECT " + Usage.TYPE_COLUMN + " FROM " + root.table() + " WHERE id = r." + m.parentColumn() + ")";
        return h.createQuery("SELECT r.project_id, " + (u.byUser() ? "r.user_id" : "NULL") + " AS user_id, r."
                        + u.sizeColumn() + " AS size, " + typeOf + " AS type_id FROM " + m.table() + " r WHERE r.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Counted(rs.getString("project_id"), rs.getString("user_id"),
                        rs.getString("type_id"), rs.getInt("size")))
                .findOne();
    }

    /**
     * Counts a new resource of {@code m}: one more of its count and its size more gigabytes.
     *
     * @throws OverQuota naming the first limit it would pass (nothing is changed then: the caller's
     *                   transaction rolls back)
     */
    public void charge(Handle h, StateMachine m, Counted c) {
        Usage u = m.usage().orElseThrow();
        if (u.gigabytes() == QuotaResource.GIGABYTES) {
            int perShare = limit(h, QuotaScope.project(c.projectId()), QuotaResource.PER_SHARE_GIGABYTES);
            if (perShare >= 0 && c.size() > perShare) {
                throw new OverQuota(QuotaResource.PER_SHARE_GIGABYTES.wire(), "Requested share size " + c.size()
                        + " GB is larger than the maximum allowed per share (per_share_gigabytes quota "
                        + perShare + " GB).");
            }
        }
        add(h, c, u.count(), 1, m.noun());
        add(h, c, u.gigabytes(), c.size(), m.noun());
    }

    /** Counts {@code delta} more gigabytes of an existing resource (a share being extended), checked. */
    public void chargeGrowth(Handle h, StateMachine m, Counted c, int delta) {
        Usage u = m.usage().orElseThrow();
        if (u.gigabytes() == QuotaResource.GIGABYTES) {
            int perShare = limit(h, QuotaScope.project(c.projectId()), QuotaResource.PER_SHARE_GIGABYTES);
            if (perShare >= 0 && c.size() + delta > perShare) {
                throw new OverQuota(QuotaResource.PER_SHARE_GIGABYTES.wire(), "Requested share size "
                        + (c.size() + delta) + " GB is larger than the maximum allowed per share "
                        + "(per_share_gigabytes quota " + perShare + " GB).");
            }
        }
        add(h, c, u.gigabytes(), delta, m.noun());
    }

    /** Stops counting a resource that reached its terminal state. */
    public void release(Handle h, StateMachine m, Counted c) {
        Usage u = m.usage().orElseThrow();
        subtract(h, c, u.count(), 1);
        subtract(h, c, u.gigabytes(), c.size());
    }

    /** Gives back {@code gigabytes} of a resource (a finished shrink, a failed extend). */
    public void releaseGigabytes(Handle h, StateMachine m, Counted c, int gigabytes) {
        subtract(h, c, m.usage().orElseThrow().gigabytes(), gigabytes);
    }

    private void add(Handle h, Counted c, QuotaResource r, int delta, String noun) {
        EventLog.takeCounterFirst(h);
        for (QuotaScope s : c.scopes()) {
            ensureRow(h, s, r);
            int inherited = s.isProject() ? classLimit(h, r) : -1; // a user's or type's row without a limit: the project's rules
            int changed = h.createUpdate("""
                            UPDATE quota_usages SET in_use = in_use + :d, updated_at = :now
                            WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r
                              AND (COALESCE(hard_limit, :inherited) < 0
                                   OR in_use + reserved + :d <= COALESCE(hard_limit, :inherited))""")
                    .bind("d", delta).bind("now", clock.millis()).bind("inherited", inherited)
                    .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                    .execute();
            if (changed == 0) {
                throw over(h, s, r, delta, noun);
            }
        }
    }

    private void subtract(Handle h, Counted c, QuotaResource r, int n) {
        if (n <= 0) {
            return;
        }
        EventLog.takeCounterFirst(h);
        for (QuotaScope s : c.scopes()) {
            h.createUpdate("""
                            UPDATE quota_usages SET in_use = CASE WHEN in_use > :n THEN in_use - :n ELSE 0 END,
                                updated_at = :now
                            WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r""")
                    .bind("n", n).bind("now", clock.millis())
                    .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                    .execute();
        }
    }

    private OverQuota over(Handle h, QuotaScope s, QuotaResource r, int delta, String noun) {
        Map<String, Object> row = h.createQuery("""
                        SELECT hard_limit, in_use, reserved FROM quota_usages
                        WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r""")
                .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                .mapToMap().one();
        int limit = row.get("hard_limit") == null ? classLimit(h, r) : ((Number) row.get("hard_limit")).intValue();
        int used = ((Number) row.get("in_use")).intValue() + ((Number) row.get("reserved")).intValue();
        String whose = s.isProject() ? "project " + s.projectId()
                : !s.userId().isEmpty() ? "user " + s.userId() + " in project " + s.projectId()
                : "share type " + s.shareTypeId() + " in project " + s.projectId();
        String what = r == QuotaResource.SHARES || r == QuotaResource.SNAPSHOTS || r == QuotaResource.BACKUPS
                ? "Maximum number of " + r.wire() + " allowed (" + limit + ") exceeded"
                : "Requested " + noun + " exceeds allowed " + r.wire() + " quota (" + delta + " GB asked, "
                + Math.max(0, limit - used) + " GB of " + limit + " left)";
        return new OverQuota(r.wire(), what + " for " + whose + ".");
    }

    /** The limit a scope has for {@code r}: its own, else (for a project) the default class's. */
    public static int limit(Handle h, QuotaScope s, QuotaResource r) {
        Optional<Integer> own = h.createQuery("""
                        SELECT hard_limit FROM quota_usages
                        WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r""")
                .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                .mapTo(Integer.class).findOne();
        if (own.isPresent() && own.get() != null) {
            return own.get();
        }
        return s.isProject() ? classLimit(h, r) : limit(h, QuotaScope.project(s.projectId()), r);
    }

    /** The default class's limit for {@code r}: as set, else Manila's default. */
    public static int classLimit(Handle h, QuotaResource r) {
        return h.createQuery("SELECT hard_limit FROM quota_classes WHERE class_name = :c AND resource = :r")
                .bind("c", DEFAULT_CLASS).bind("r", r.wire()).mapTo(Integer.class).findOne()
                .orElse(r.defaultLimit());
    }

    /**
     * Makes sure the row exists. Two transactions may try at once: the loser's insert fails on the key
     * and is undone to a savepoint, which keeps its transaction usable (PostgreSQL would abort it).
     */
    static void ensureRow(Handle h, QuotaScope s, QuotaResource r) {
        boolean exists = h.createQuery("""
                        SELECT COUNT(*) FROM quota_usages
                        WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r""")
                .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                .mapTo(Integer.class).one() > 0;
        if (exists) {
            return;
        }
        String savepoint = "quota_row";
        h.savepoint(savepoint);
        try {
            h.createUpdate("""
                            INSERT INTO quota_usages (project_id, user_id, share_type_id, resource, hard_limit, in_use,
                                reserved, updated_at) VALUES (:p, :u, :t, :r, NULL, 0, 0, 0)""")
                    .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                    .execute();
            h.release(savepoint);
        } catch (RuntimeException duplicate) {
            h.rollbackToSavepoint(savepoint);
        }
    }
}
