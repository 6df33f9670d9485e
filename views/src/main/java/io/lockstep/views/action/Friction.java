package io.lockstep.views.action;

/** How much a confirmation asks of the operator, scaled to what the action risks. */
public enum Friction {
    /** Reversible or additive: a plain OK. */
    CONFIRM,
    /** Destructive and unguarded: type the resource's name. */
    TYPE_NAME
}
