package io.lockstep.views.live;

import java.util.Map;

/**
 * One resource as the console keeps it, whatever its kind: its id, status, when the status was set,
 * and the compact fields an event carries ({@code name}, {@code size}, {@code share_proto},
 * {@code project_id}, {@code parent_id}, {@code created_at}). Immutable.
 */
public record Row(String id, String status, String updatedAt, Map<String, Object> fields) {
}
