package io.lockstep.backend.statemachine;

/**
 * Why a worker's attempt failed. A worker reports one; the operation's declaration picks the state
 * it ends in ({@link Operation#stateFor}).
 */
public enum Failure {
    /** The driver refused or failed. */
    DRIVER,
    /** The driver refused because data could be lost (a shrink below the data on the share). */
    DATA_LOSS_RISK,
    /** The scheduler found no pool for it (zone, capabilities or capacity). */
    NO_VALID_HOST,
    /** Attempts ran out (the node or driver kept failing). */
    GAVE_UP
}
