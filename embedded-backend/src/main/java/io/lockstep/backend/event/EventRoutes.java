package io.lockstep.backend.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.event.Event;
import io.lockstep.api.event.EventPage;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.util.List;

/**
 * {@code /lockstep/v1/events}: the event log as a resumable server-sent event stream, and its history
 * as pages. The stream replays from {@code Last-Event-ID} (or {@code ?after=}) and then follows new
 * commits; since ids are gapless and commit-ordered, a reconnecting client misses nothing and sees
 * nothing twice. Streams are asynchronous (see {@link EventBroadcaster}): they hold no request thread.
 */
public final class EventRoutes {

    private static final int PAGE = 500;

    private final EventLog log;
    private final ObjectMapper mapper;
    private final EventBroadcaster broadcaster;

    public EventRoutes(EventLog log, ObjectMapper mapper, EventBroadcaster broadcaster) {
        this.log = log;
        this.mapper = mapper;
        this.broadcaster = broadcaster;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/events/history", this::history);
        app.get("/lockstep/v1/events", this::stream);
    }

    /** Ends every open stream with its position (server shutdown). */
    public void closeStreams() {
        broadcaster.close();
    }

    private EventLog.Filter filter(Context ctx, Caller c) {
        return new EventLog.Filter(blank(ctx.queryParam("resource_type")), blank(ctx.queryParam("resource_id")),
                c.projectFilter(), c.role() == io.lockstep.api.auth.Role.ADMIN);
    }

    private void history(Context ctx) throws JsonProcessingException {
        Caller c = Requests.caller(ctx);
        long after = longParam(ctx.queryParam("after"), "after", 0);
        long limit = longParam(ctx.queryParam("limit"), "limit", PAGE);
        if (limit < 1 || limit > 5000) {
            throw new ApiError(400, "Query parameter 'limit' must be an integer from 1 to 5000.");
        }
        long last = log.lastId();
        List<Event> events = log.after(after, (int) limit, filter(ctx, c));
        ctx.contentType("application/json").result(mapper.writeValueAsString(new EventPage(events, last)));
    }

    private void stream(Context ctx) {
        Caller c = Requests.caller(ctx);
        String resume = ctx.header("Last-Event-ID");
        long cursor = resume != null && !resume.isBlank() ? longParam(resume, "Last-Event-ID", 0)
                : ctx.queryParam("after") != null ? longParam(ctx.queryParam("after"), "after", 0)
                : log.lastId();
        Subscriber s;
        try {
            s = broadcaster.subscribe(Requests.token(ctx), filter(ctx, c), cursor);
        } catch (EventBroadcaster.TooManyStreams e) {
            throw new ApiError(429, e.getMessage());
        }
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        // Asynchronous: the request thread goes back to the pool; the broadcaster writes without blocking.
        ctx.future(() -> {
            try {
                ctx.req().getAsyncContext().addListener(new Ended(s));
                s.attach(res.getOutputStream(), "retry: 1000\n: stream from event " + cursor + "\n\n");
                broadcaster.feed(s);
            } catch (IOException | RuntimeException e) {
                s.onError(e);
            }
            return s.done();
        });
    }

    /** Frees the stream's place however the connection ends (an error, a timeout, the server stopping). */
    private record Ended(Subscriber s) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            s.onError(null);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            s.onError(event.getThrowable());
        }

        @Override
        public void onError(AsyncEvent event) {
            s.onError(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // nothing to do: the stream was registered before
        }
    }

    private static long longParam(String v, String name, long dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiError(400, "'" + name + "' must be a non-negative integer event id (got '" + v + "').");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
