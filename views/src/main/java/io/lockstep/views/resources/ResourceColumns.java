package io.lockstep.views.resources;

import io.lockstep.views.live.ResourceItem;
import java.util.ArrayList;
import java.util.List;

/** The columns exported for each resource type, in table order. */
final class ResourceColumns {

    private ResourceColumns() {
    }

    static List<TableExport.Column<ResourceItem>> forExport(String type) {
        List<TableExport.Column<ResourceItem>> c = new ArrayList<>();
        c.add(new TableExport.Column<>("id", ResourceItem::id));
        c.add(new TableExport.Column<>("name", ResourceItem::name));
        c.add(new TableExport.Column<>("status", ResourceItem::status));
        c.add(new TableExport.Column<>("size_gb", i -> i.sizeProperty().get()));
        c.add(new TableExport.Column<>("protocol", i -> i.protocolProperty().get()));
        String parent = KindViews.of(type).parent();
        if (parent != null) {
            c.add(new TableExport.Column<>(parent.toLowerCase(java.util.Locale.ROOT) + "_id",
                    i -> i.parentIdProperty().get()));
        }
        c.add(new TableExport.Column<>("project_id", i -> i.projectProperty().get()));
        c.add(new TableExport.Column<>("status_since", i -> i.statusSinceProperty().get()));
        c.add(new TableExport.Column<>("created_at", i -> i.createdAtProperty().get()));
        return c;
    }
}
