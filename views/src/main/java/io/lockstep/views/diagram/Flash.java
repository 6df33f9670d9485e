package io.lockstep.views.diagram;

/**
 * Something to light up briefly on a diagram.
 *
 * @param element an edge id ({@code from->to}) or a state
 */
public record Flash(String resource, String element, Kind kind) {

    public enum Kind {
        /** A transition took this edge. */
        EDGE,
        /** A transition not drawn as an edge (an escape hatch) landed in this state. */
        STATE,
        /** An attempt was refused (409) because the resource was in this state. */
        REFUSED
    }
}
