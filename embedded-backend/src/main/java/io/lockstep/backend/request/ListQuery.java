package io.lockstep.backend.request;

import java.util.List;

/**
 * A validated list request: filters, paging and sorting. Used for shares and snapshots.
 *
 * @param sortKey a column name from the resource's allowed sort keys
 */
public record ListQuery(String projectId, String status, String name, String shareId, int limit, int offset,
                        String sortKey, boolean ascending) {

    public static final int MAX_LIMIT = 1000;
    public static final List<String> SORT_KEYS = List.of("id", "name", "status", "size", "created_at",
            "updated_at", "project_id");

    public static ListQuery all(String projectId) {
        return new ListQuery(projectId, null, null, null, MAX_LIMIT, 0, "created_at", false);
    }
}
