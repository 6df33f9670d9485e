package io.lockstep.backend.event;

import io.lockstep.backend.auth.TokenStore;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One open event stream. Frames are queued here and written with non-blocking servlet writes, so no
 * thread ever waits on a slow reader; what a reader has not taken is bounded by {@code maxBytes}, and
 * past it the stream ends with its position in a comment (the client resumes with
 * {@code Last-Event-ID}). Thread-safe: the broadcaster, the catch-up executor and Jetty's callbacks
 * all go through the monitor.
 */
final class Subscriber implements WriteListener {

    /** Why a stream ended, for the closing comment and the node's counters. */
    enum End { CLIENT_GONE, OVERFLOW, TOKEN_REVOKED, SHUTDOWN }

    final TokenStore.Token token;
    final EventLog.Filter filter;
    private final long maxBytes;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private ServletOutputStream out;
    private long queuedBytes;
    private boolean flushNeeded;
    private End ending;
    /** Every event with an id up to this one has been queued or passed over by the filter. */
    private long cursor;
    private long lastQueuedAt;
    private long delivered;

    Subscriber(TokenStore.Token token, EventLog.Filter filter, long cursor, long maxBytes, long now) {
        this.token = token;
        this.filter = filter;
        this.cursor = cursor;
        this.maxBytes = maxBytes;
        this.lastQueuedAt = now;
    }

    /** Attaches the response's stream once the request is asynchronous; writing starts when Jetty says so. */
    synchronized void attach(ServletOutputStream stream, String preamble) {
        this.out = stream;
        queue.add(preamble.getBytes(StandardCharsets.UTF_8));
        stream.setWriteListener(this);
    }

    CompletableFuture<Void> done() {
        return done;
    }

    synchronized long cursor() {
        return cursor;
    }

    synchronized void advance(long id) {
        cursor = Math.max(cursor, id);
    }

    synchronized long delivered() {
        return delivered;
    }

    synchronized boolean open() {
        return ending == null;
    }

    /**
     * Queues an event's frame if it is past the cursor. A reader that has fallen {@code maxBytes} behind
     * is ended instead, with the last id it was sent.
     *
     * @return whether the stream needs a {@link #drain()}
     */
    synchronized boolean offer(long id, byte[] frame, long now) {
        if (ending != null || id <= cursor) {
            return false;
        }
        if (queuedBytes + frame.length > maxBytes) {
            end(End.OVERFLOW, ": this reader fell more than " + maxBytes + " bytes behind; resume with Last-Event-ID: "
                    + cursor + "\n\n");
            return true;
        }
        queue.add(frame);
        queuedBytes += frame.length;
        cursor = id;
        lastQueuedAt = now;
        delivered++;
        return true;
    }

    /** Queues a comment if nothing was queued for {@code idleMs}: proxies and clients see the stream alive. */
    synchronized boolean keepAlive(long now, long idleMs) {
        if (ending != null || now - lastQueuedAt < idleMs) {
            return false;
        }
        queue.add(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
        lastQueuedAt = now;
        return true;
    }

    /** Ends the stream after what is queued, with a comment saying why. */
    synchronized void end(End why, String comment) {
        if (ending != null) {
            return;
        }
        ending = why;
        if (why == End.SHUTDOWN) {
            queue.clear(); // a node going down sends no more; the client resumes from the last id it read
            queuedBytes = 0;
        }
        if (comment != null) {
            queue.add(comment.getBytes(StandardCharsets.UTF_8));
        }
    }

    synchronized End ending() {
        return ending;
    }

    /**
     * Writes what is queued for as long as the connection takes it without blocking. {@link #done()}
     * is completed outside the monitor: its callbacks take the broadcaster's lock, which is taken
     * before this monitor elsewhere.
     */
    void drain() {
        if (writeWhileReady()) {
            done.complete(null);
        }
    }

    /** @return whether the stream has ended and everything was written */
    private synchronized boolean writeWhileReady() {
        if (out == null || done.isDone()) {
            return false;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next == null) {
                    if (flushNeeded) {
                        flushNeeded = false;
                        out.flush();
                        continue;
                    }
                    return ending != null;
                }
                queuedBytes = Math.max(0, queuedBytes - next.length);
                out.write(next);
                flushNeeded = true;
            }
            return false;
        } catch (IOException | IllegalStateException gone) {
            markGone();
            return true;
        }
    }

    @Override
    public void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable t) {
        fail();
    }

    private void fail() {
        markGone();
        done.complete(null);
    }

    private synchronized void markGone() {
        if (ending == null) {
            ending = End.CLIENT_GONE;
        }
        queue.clear();
        queuedBytes = 0;
    }
}
