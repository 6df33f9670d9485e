package io.lockstep.views.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs blocking work (HTTP calls) off the FX thread and hands the result back on it. Views and view
 * models get one injected; tests use {@link CurrentThreadTaskExecutor}. Implementations are
 * thread-safe.
 */
public interface TaskExecutor {

    <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code action} on the UI thread (later, or at once when already there). */
    void onUiThread(Runnable action);
}
