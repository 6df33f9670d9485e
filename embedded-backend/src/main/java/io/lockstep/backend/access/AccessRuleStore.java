package io.lockstep.backend.access;

import static io.lockstep.backend.statemachine.ResourceMachines.ACCESS_RULE;

import io.lockstep.backend.metadata.Metadata;
import io.lockstep.backend.request.ResourceNotFound;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Reads of the access rules table; writes go through the transition primitive. Thread-safe. */
public final class AccessRuleStore {

    static final RowMapper<AccessRule> MAPPER = (rs, ctx) -> new AccessRule(rs.getString("id"),
            rs.getString("share_id"), rs.getString("project_id"), rs.getString("access_type"),
            rs.getString("access_to"), rs.getString("access_level"), rs.getString("access_key"),
            rs.getString("status"), Metadata.read(rs.getString("metadata")), rs.getLong("created_at"),
            rs.getLong("updated_at"));

    private final Jdbi jdbi;

    public AccessRuleStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A live rule visible to {@code projectId} (null: any project). */
    public AccessRule get(String id, String projectId) {
        return jdbi.withHandle(h -> find(h, id, projectId)).orElseThrow(() -> new ResourceNotFound("access rule", id));
    }

    static Optional<AccessRule> find(Handle h, String id, String projectId) {
        return h.createQuery("SELECT * FROM " + ACCESS_RULE.table() + " WHERE id = :id AND status <> :gone"
                        + (projectId == null ? "" : " AND project_id = :project"))
                .bind("id", id).bind("gone", ACCESS_RULE.terminalState()).bind("project", projectId)
                .map(MAPPER).findOne();
    }

    /** A share's live rules, oldest first; with {@code metadata}, only those holding every pair of it. */
    public List<AccessRule> ofShare(String shareId, java.util.Map<String, String> metadata) {
        List<AccessRule> all = jdbi.withHandle(h -> ofShare(h, shareId));
        return all.stream().filter(r -> r.metadata().entrySet().containsAll(metadata.entrySet())).toList();
    }

    static List<AccessRule> ofShare(Handle h, String shareId) {
        return h.createQuery("SELECT * FROM " + ACCESS_RULE.table() + " WHERE share_id = :share AND status <> :gone"
                        + " ORDER BY created_at, id")
                .bind("share", shareId).bind("gone", ACCESS_RULE.terminalState()).map(MAPPER).list();
    }
}
