package io.lockstep.views.lab;

/**
 * What the app can do to an embedded lab that the HTTP API cannot (views never see the backend).
 * Implementations are thread-safe; methods block and are called off the FX thread.
 */
public interface LabControl {

    /** Stops the lab's API node and starts it again on the same port; the other nodes run on. */
    void restartService();
}
