package io.lockstep.backend.quota;

import io.lockstep.api.quota.QuotaResource;
import io.lockstep.backend.request.InvalidRequest;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads quota sets and changes limits. A new limit is written by the same kind of conditional update
 * the charges use, so it can never be set below what a concurrent create has just counted (unless
 * forced, as in Manila). Thread-safe.
 */
public final class QuotaStore {

    /** One resource of a quota set: its limit (-1 unlimited), what is counted and what is reserved. */
    public record Line(int limit, int inUse, int reserved) {
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public QuotaStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Every resource's line for {@code s}: limits as they apply (a scope's own, else the project's, else
     * the default class's), read in one transaction: the scope's and the project's rows, and the class.
     */
    public Map<QuotaResource, Line> get(QuotaScope s) {
        return jdbi.inTransaction(h -> {
            Map<String, Map<String, Object>> own = rows(h, s);
            Map<String, Map<String, Object>> project = s.isProject() ? own : rows(h, QuotaScope.project(s.projectId()));
            Map<QuotaResource, Integer> classes = classLimits(h, QuotaLedger.DEFAULT_CLASS);
            Map<QuotaResource, Line> out = new EnumMap<>(QuotaResource.class);
            for (QuotaResource r : QuotaResource.values()) {
                Map<String, Object> row = own.get(r.wire());
                Integer limit = limitOf(row);
                if (limit == null) {
                    limit = limitOf(project.get(r.wire()));
                }
                out.put(r, new Line(limit != null ? limit : classes.get(r), number(row, "in_use"),
                        number(row, "reserved")));
            }
            return out;
        });
    }

    private static Map<String, Map<String, Object>> rows(Handle h, QuotaScope s) {
        Map<String, Map<String, Object>> out = new java.util.HashMap<>();
        h.createQuery("""
                        SELECT resource, hard_limit, in_use, reserved FROM quota_usages
                        WHERE project_id = :p AND user_id = :u AND share_type_id = :t""")
                .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId())
                .mapToMap().forEach(m -> out.put((String) m.get("resource"), m));
        return out;
    }

    private static Integer limitOf(Map<String, Object> row) {
        return row == null || row.get("hard_limit") == null ? null : ((Number) row.get("hard_limit")).intValue();
    }

    private static int number(Map<String, Object> row, String column) {
        return row == null ? 0 : ((Number) row.get(column)).intValue();
    }

    /** The default class's limits: what a project has until an admin sets its own. */
    public Map<QuotaResource, Integer> defaults() {
        return classLimits(QuotaLedger.DEFAULT_CLASS);
    }

    public Map<QuotaResource, Integer> classLimits(String className) {
        return jdbi.withHandle(h -> classLimits(h, className));
    }

    private static Map<QuotaResource, Integer> classLimits(Handle h, String className) {
        Map<String, Integer> set = new java.util.HashMap<>();
        h.createQuery("SELECT resource, hard_limit FROM quota_classes WHERE class_name = :c").bind("c", className)
                .mapToMap().forEach(m -> set.put((String) m.get("resource"), ((Number) m.get("hard_limit")).intValue()));
        Map<QuotaResource, Integer> out = new EnumMap<>(QuotaResource.class);
        for (QuotaResource r : QuotaResource.values()) {
            out.put(r, set.getOrDefault(r.wire(), r.defaultLimit()));
        }
        return out;
    }

    public void setClassLimits(String className, Map<QuotaResource, Integer> limits) {
        jdbi.useTransaction(h -> limits.forEach((r, limit) -> {
            validRange(r, limit);
            int n = h.createUpdate("UPDATE quota_classes SET hard_limit = :l WHERE class_name = :c AND resource = :r")
                    .bind("l", limit).bind("c", className).bind("r", r.wire()).execute();
            if (n == 0) {
                h.createUpdate("INSERT INTO quota_classes (class_name, resource, hard_limit) VALUES (:c, :r, :l)")
                        .bind("l", limit).bind("c", className).bind("r", r.wire()).execute();
            }
        }));
    }

    /**
     * Sets limits of {@code s} in one transaction: each must be -1 or more, at most the project's for a
     * user or share type, and (unless {@code force}) at least what is in use and reserved.
     *
     * @throws InvalidRequest naming the resource; nothing is changed then
     */
    public void setLimits(QuotaScope s, Map<QuotaResource, Integer> limits, boolean force) {
        jdbi.useTransaction(h -> limits.forEach((r, limit) -> setLimit(h, s, r, limit, force)));
    }

    private void setLimit(Handle h, QuotaScope s, QuotaResource r, int limit, boolean force) {
        validRange(r, limit);
        if (!s.isProject()) {
            int project = QuotaLedger.limit(h, QuotaScope.project(s.projectId()), r);
            if (project >= 0 && (limit < 0 || limit > project)) {
                throw new InvalidRequest(r.wire(), "Quota limit " + limit + " for " + r.wire()
                        + " must be less than or equal to " + project + " (the project's limit).");
            }
        }
        QuotaLedger.ensureRow(h, s, r);
        int n = h.createUpdate("""
                        UPDATE quota_usages SET hard_limit = :l, updated_at = :now
                        WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r
                          AND (:force OR :l < 0 OR in_use + reserved <= :l)""")
                .bind("l", limit).bind("now", clock.millis()).bind("force", force)
                .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                .execute();
        if (n == 0) {
            Map<String, Object> row = row(h, s, r).orElseThrow();
            int used = ((Number) row.get("in_use")).intValue() + ((Number) row.get("reserved")).intValue();
            throw new InvalidRequest(r.wire(), "Quota value " + limit + " for " + r.wire()
                    + " is smaller than already used and reserved " + used + " (send force=true to set it anyway).");
        }
    }

    private static void validRange(QuotaResource r, int limit) {
        if (limit < -1) {
            throw new InvalidRequest(r.wire(), "Quota limit " + limit + " for " + r.wire()
                    + " must be -1 (unlimited) or greater.");
        }
    }

    /** Forgets the limits set for {@code s} (for a project: its users' and share types' too); usage stays. */
    public void reset(QuotaScope s) {
        jdbi.useHandle(h -> {
            if (s.isProject()) {
                h.createUpdate("UPDATE quota_usages SET hard_limit = NULL WHERE project_id = :p")
                        .bind("p", s.projectId()).execute();
            } else {
                h.createUpdate("UPDATE quota_usages SET hard_limit = NULL WHERE project_id = :p AND user_id = :u "
                                + "AND share_type_id = :t")
                        .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).execute();
            }
        });
    }

    private static Optional<Map<String, Object>> row(Handle h, QuotaScope s, QuotaResource r) {
        return h.createQuery("""
                        SELECT hard_limit, in_use, reserved FROM quota_usages
                        WHERE project_id = :p AND user_id = :u AND share_type_id = :t AND resource = :r""")
                .bind("p", s.projectId()).bind("u", s.userId()).bind("t", s.shareTypeId()).bind("r", r.wire())
                .mapToMap().findOne();
    }
}
