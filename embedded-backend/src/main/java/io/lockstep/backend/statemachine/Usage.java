package io.lockstep.backend.statemachine;

import io.lockstep.api.quota.QuotaResource;

/**
 * What a live resource of a kind counts against its project's quotas: one of {@code count} and its
 * size in {@code gigabytes}. It counts from its create (checked against the limits there) until it
 * reaches the terminal state; a finished shrink gives back the difference. The quota rows it counts
 * in are the project's, its user's (when {@code byUser}) and its share type's (read from the root's
 * {@link #TYPE_COLUMN}).
 */
public record Usage(QuotaResource count, QuotaResource gigabytes, String sizeColumn, boolean byUser) {

    /** The root resource's column naming the share type its family counts under. */
    public static final String TYPE_COLUMN = "share_type_id";
}
