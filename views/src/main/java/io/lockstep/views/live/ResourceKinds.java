package io.lockstep.views.live;

import io.lockstep.api.backup.ShareBackup;
import io.lockstep.api.share.Share;
import io.lockstep.api.snapshot.Snapshot;
import io.lockstep.client.Listings;
import io.lockstep.client.LockstepClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The kinds of resource the console keeps, in the order of their tabs, each with how it is listed
 * and how one is read, as {@link Row}s. The one place a kind is added on the console's data side;
 * its states and actions come from the service's descriptors. Immutable.
 */
public final class ResourceKinds {

    /** A kind: its resource type (as the service's machines name it) and how to read its rows. */
    public record Kind(String type, Function<LockstepClient, List<Row>> list,
                       BiFunction<LockstepClient, String, Row> read) {
    }

    public static final List<Kind> ALL = List.of(
            new Kind(LiveModel.SHARE, c -> Listings.allShares(c).stream().map(ResourceKinds::row).toList(),
                    (c, id) -> row(c.call(c.manila().share(id)).share())),
            new Kind(LiveModel.SNAPSHOT, c -> Listings.allSnapshots(c).stream().map(ResourceKinds::row).toList(),
                    (c, id) -> row(c.call(c.manila().snapshot(id)).snapshot())),
            new Kind(LiveModel.BACKUP, c -> Listings.allBackups(c).stream().map(ResourceKinds::row).toList(),
                    (c, id) -> row(c.call(c.manila().backup(id)).shareBackup())));

    /** The types, in tab order. */
    public static final List<String> TYPES = ALL.stream().map(Kind::type).toList();

    private ResourceKinds() {
    }

    public static Optional<Kind> kind(String type) {
        return ALL.stream().filter(k -> k.type().equals(type)).findFirst();
    }

    public static Row row(Share s) {
        Map<String, Object> f = fields(s.name(), s.size(), s.projectId(), null, s.createdAt());
        f.put("share_proto", s.shareProto());
        return new Row(s.id(), s.status(), s.updatedAt(), f);
    }

    public static Row row(Snapshot s) {
        Map<String, Object> f = fields(s.name(), s.size(), s.projectId(), s.shareId(), s.createdAt());
        f.put("share_proto", s.shareProto());
        return new Row(s.id(), s.status(), s.updatedAt(), f);
    }

    public static Row row(ShareBackup b) {
        return new Row(b.id(), b.status(), b.updatedAt(), fields(b.name(), b.size(), b.projectId(), b.shareId(),
                b.createdAt()));
    }

    private static Map<String, Object> fields(String name, Integer size, String project, String parent,
                                              String createdAt) {
        Map<String, Object> f = new HashMap<>();
        f.put("name", name);
        f.put("size", size);
        f.put("project_id", project);
        f.put("parent_id", parent);
        f.put("created_at", createdAt);
        return f;
    }
}
