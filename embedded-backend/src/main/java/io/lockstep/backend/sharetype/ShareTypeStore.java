package io.lockstep.backend.sharetype;

import io.lockstep.api.statemachine.StateKind;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.statemachine.StateMachine;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Share types in {@code share_types} with their extra specs and project access. A type is found by id or
 * by name. Deleting a type and creating a share of it both lock the type's row, so a type in use is
 * never deleted under a share being created. Thread-safe.
 */
public final class ShareTypeStore {

    /** The type shares get when they name none, seeded by the migration. */
    public static final String DEFAULT_ID = "00000000-0000-4000-8000-000000000001";
    public static final String DEFAULT_NAME = "default";

    /** A type of that name exists. */
    public static final class TypeExists extends RuntimeException {
        TypeExists(String name) {
            super("Share Type " + name + " already exists.");
        }
    }

    /** Live shares have the type. */
    public static final class TypeInUse extends RuntimeException {
        TypeInUse(String id, List<String> shares) {
            super("Target share type is still in use: share type " + id + " has " + shares.size() + " live share(s), "
                    + "e.g. " + shares.get(0) + ".");
        }
    }

    /** Who is looking: an admin sees every type, others the public ones and those their project may use. */
    public record Viewer(String projectId, boolean admin) {
    }

    private static final StateMachine SHARE = ResourceMachines.SHARE;

    private final Jdbi jdbi;
    private final Clock clock;

    public ShareTypeStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public ShareType get(String idOrName, Viewer v) {
        return jdbi.withHandle(h -> find(h, idOrName, v, false)).orElseThrow(() -> notFound(idOrName));
    }

    /**
     * The type in the caller's transaction, its row locked until the transaction ends: what a share
     * create calls before inserting the share.
     */
    public ShareType lockForUse(Handle h, String idOrName, Viewer v) {
        return find(h, idOrName, v, true).orElseThrow(() -> notFound(idOrName));
    }

    private static ResourceNotFound notFound(String idOrName) {
        return new ResourceNotFound("share type", idOrName);
    }

    private Optional<ShareType> find(Handle h, String idOrName, Viewer v, boolean lock) {
        Optional<Map<String, Object>> row = h.createQuery("SELECT id, name, description, is_public FROM share_types "
                        + "WHERE id = :key" + (lock ? " FOR UPDATE" : ""))
                .bind("key", idOrName).mapToMap().findOne();
        if (row.isEmpty()) {
            row = h.createQuery("SELECT id, name, description, is_public FROM share_types WHERE name = :key"
                    + (lock ? " FOR UPDATE" : "")).bind("key", idOrName).mapToMap().findOne();
        }
        return row.map(r -> load(h, r)).filter(t -> visible(t, v));
    }

    private static boolean visible(ShareType t, Viewer v) {
        return v.admin() || t.isPublic() || t.projects().contains(v.projectId());
    }

    private static ShareType load(Handle h, Map<String, Object> r) {
        String id = (String) r.get("id");
        Map<String, String> specs = new LinkedHashMap<>();
        h.createQuery("SELECT spec_key, spec_value FROM share_type_extra_specs WHERE type_id = :id ORDER BY spec_key")
                .bind("id", id).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> specs.put(e.getKey(), e.getValue()));
        Set<String> projects = new LinkedHashSet<>(h.createQuery(
                        "SELECT project_id FROM share_type_projects WHERE type_id = :id ORDER BY project_id")
                .bind("id", id).mapTo(String.class).list());
        return new ShareType(id, (String) r.get("name"), (String) r.get("description"),
                Boolean.TRUE.equals(r.get("is_public")), specs, projects);
    }

    /**
     * Types the viewer may see, as Manila lists them: {@code isPublic} true (the default) gives the public
     * ones and the private ones the viewer's project may use, false the private ones, null all.
     */
    public List<ShareType> list(Viewer v, Boolean isPublic, Map<String, String> specFilter) {
        return jdbi.withHandle(h -> {
            // three reads for the whole list, not two per type
            Map<String, Map<String, String>> specs = new java.util.HashMap<>();
            h.createQuery("SELECT type_id, spec_key, spec_value FROM share_type_extra_specs ORDER BY spec_key")
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                    .forEach(x -> specs.computeIfAbsent(x[0], k -> new LinkedHashMap<>()).put(x[1], x[2]));
            Map<String, Set<String>> projects = new java.util.HashMap<>();
            h.createQuery("SELECT type_id, project_id FROM share_type_projects ORDER BY project_id")
                    .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                    .forEach(x -> projects.computeIfAbsent(x[0], k -> new LinkedHashSet<>()).add(x[1]));
            List<ShareType> out = new ArrayList<>();
            for (Map<String, Object> r : h.createQuery(
                    "SELECT id, name, description, is_public FROM share_types ORDER BY name").mapToMap().list()) {
                String id = (String) r.get("id");
                ShareType t = new ShareType(id, (String) r.get("name"), (String) r.get("description"),
                        Boolean.TRUE.equals(r.get("is_public")), specs.getOrDefault(id, Map.of()),
                        projects.getOrDefault(id, Set.of()));
                boolean shown = isPublic == null || isPublic == t.isPublic()
                        || isPublic && t.projects().contains(v.projectId());
                boolean specsMatch = specFilter.entrySet().stream().allMatch(e -> e.getValue().equalsIgnoreCase(
                        t.extraSpecs().getOrDefault(e.getKey(), "")));
                if (shown && visible(t, v) && specsMatch) {
                    out.add(t);
                }
            }
            return out;
        });
    }

    public ShareType create(String name, String description, boolean isPublic, Map<String, String> specs) {
        String id = UUID.randomUUID().toString();
        try {
            jdbi.useTransaction(h -> {
                h.createUpdate("INSERT INTO share_types (id, name, description, is_public, created_at) "
                                + "VALUES (:id, :name, :description, :public, :at)")
                        .bind("id", id).bind("name", name).bind("description", description).bind("public", isPublic)
                        .bind("at", clock.millis()).execute();
                putSpecs(h, id, specs);
            });
        } catch (UnableToExecuteStatementException e) {
            throw duplicate(e) ? new TypeExists(name) : e;
        }
        return get(id, new Viewer(null, true));
    }

    /** Changes what is given (null: unchanged). */
    public ShareType update(String id, String name, String description, Boolean isPublic) {
        ShareType t = get(id, new Viewer(null, true));
        try {
            jdbi.useHandle(h -> h.createUpdate("UPDATE share_types SET name = :name, description = :description, "
                            + "is_public = :public WHERE id = :id")
                    .bind("name", name != null ? name : t.name())
                    .bind("description", description != null ? description : t.description())
                    .bind("public", isPublic != null ? isPublic : t.isPublic()).bind("id", t.id()).execute());
        } catch (UnableToExecuteStatementException e) {
            throw duplicate(e) ? new TypeExists(name) : e;
        }
        return get(t.id(), new Viewer(null, true));
    }

    /** Deletes the type unless a live share has it; the row lock orders this against share creates. */
    public void delete(String idOrName) {
        jdbi.useTransaction(h -> {
            ShareType t = lockForUse(h, idOrName, new Viewer(null, true));
            List<String> live = h.createQuery("SELECT id FROM " + SHARE.table() + " WHERE share_type_id = :id AND "
                            + "status NOT IN (<gone>) ORDER BY created_at")
                    .bind("id", t.id()).bindList("gone", SHARE.statesOfKind(StateKind.TERMINAL)).mapTo(String.class)
                    .list();
            if (!live.isEmpty()) {
                throw new TypeInUse(t.id(), live);
            }
            h.createUpdate("DELETE FROM share_type_extra_specs WHERE type_id = :id").bind("id", t.id()).execute();
            h.createUpdate("DELETE FROM share_type_projects WHERE type_id = :id").bind("id", t.id()).execute();
            h.createUpdate("DELETE FROM share_types WHERE id = :id").bind("id", t.id()).execute();
        });
    }

    /** Sets (adds or replaces) the given specs. */
    public Map<String, String> setSpecs(String idOrName, Map<String, String> specs) {
        jdbi.useTransaction(h -> putSpecs(h, lockForUse(h, idOrName, new Viewer(null, true)).id(), specs));
        return specs;
    }

    private static void putSpecs(Handle h, String id, Map<String, String> specs) {
        specs.forEach((k, v) -> {
            h.createUpdate("DELETE FROM share_type_extra_specs WHERE type_id = :id AND spec_key = :k")
                    .bind("id", id).bind("k", k).execute();
            h.createUpdate("INSERT INTO share_type_extra_specs (type_id, spec_key, spec_value) VALUES (:id, :k, :v)")
                    .bind("id", id).bind("k", k).bind("v", v).execute();
        });
    }

    /** Removes one spec; false if the type did not have it. */
    public boolean unsetSpec(String idOrName, String key) {
        return jdbi.inTransaction(h -> h.createUpdate(
                        "DELETE FROM share_type_extra_specs WHERE type_id = :id AND spec_key = :k")
                .bind("id", lockForUse(h, idOrName, new Viewer(null, true)).id()).bind("k", key).execute() == 1);
    }

    /** Gives a project access; false if it had it. */
    public boolean addProject(String id, String project) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO share_type_projects (type_id, project_id) VALUES (:id, :p)")
                    .bind("id", id).bind("p", project).execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (duplicate(e)) {
                return false;
            }
            throw e;
        }
    }

    /** Takes a project's access away; false if it had none. */
    public boolean removeProject(String id, String project) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM share_type_projects WHERE type_id = :id AND "
                + "project_id = :p").bind("id", id).bind("p", project).execute() == 1);
    }

    private static boolean duplicate(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState());
    }
}
