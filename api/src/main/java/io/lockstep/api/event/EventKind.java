package io.lockstep.api.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code transition}: a status changed; {@code rejected}: a request was refused by a test-and-set;
 * {@code leader}: an election has a new leader ({@code resource_id} the election, {@code to} the node,
 * the term in the message) or an operator asked its leader to step down; {@code service}: a service
 * went {@code up} or {@code down}, or was disabled or enabled ({@code resource_id} its services row id,
 * {@code binary@host} in the message); {@code lock}: a lock was held longer than the threshold or was
 * broken by an operator (one event per hold, never one per acquisition, so the stream stays small);
 * {@code work}: the cleanup leader handed back a work item whose owner's lease ran out; {@code node}:
 * an operator stopped, killed, paused or restarted a lab node; {@code job}: a data service claimed a
 * job, took it over from a lost holder or resumed it from its checkpoint ({@code from} the previous
 * owner, {@code to} the new one); {@code race}: a run racing conflict-matrix cells for real ended
 * ({@code resource_id} the run, the trials and violations in the message); {@code change}: a resource's
 * fields other than its status changed ({@code operation} {@code update} or {@code metadata}, from and
 * to its unchanged status, its row as the change left it).
 */
public enum EventKind {
    TRANSITION, REJECTED, LEADER, SERVICE, LOCK, WORK, NODE, JOB, RACE, CHANGE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
