package io.lockstep.views.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * The one boundary between background threads and the FX thread: items offered from any thread are
 * handed to the consumer in order, as one list per pulse. While items flow an {@link AnimationTimer}
 * drains the queue on every pulse; after an empty pulse it stops, so an idle console costs nothing.
 * Thread-safe.
 */
public final class PulseBatcher<T> implements AutoCloseable {

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<List<T>> consumer;
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            drain();
        }
    };

    public PulseBatcher(Consumer<List<T>> consumer) {
        this.consumer = consumer;
    }

    public void offer(T item) {
        queue.add(item);
        if (running.compareAndSet(false, true) && !closed.get()) {
            Platform.runLater(timer::start);
        }
    }

    private void drain() {
        List<T> batch = new ArrayList<>();
        for (T item; (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
            return;
        }
        timer.stop();
        running.set(false);
        // An item offered between the poll and the stop would otherwise wait for the next offer.
        if (!queue.isEmpty() && running.compareAndSet(false, true)) {
            timer.start();
        }
    }

    @Override
    public void close() {
        closed.set(true);
        Platform.runLater(timer::stop);
    }
}
