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
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /lockstep/v1/events}: the event log as a resumable server-sent event stream, and its history
 * as pages. The stream replays from {@code Last-Event-ID} (or {@code ?after=}) and then follows new
 * commits; since ids are gapless and commit-ordered, a reconnecting client misses nothing and sees
 * nothing twice.
 */
public final class EventRoutes {

    private static final int PAGE = 500;
    private static final long KEEPALIVE_MS = 10_000;

    private final EventLog log;
    private final ObjectMapper mapper;
    private final AtomicBoolean open = new AtomicBoolean(true);

    public EventRoutes(EventLog log, ObjectMapper mapper) {
        this.log = log;
        this.mapper = mapper;
    }

    public void register(Javalin app) {
        app.get("/lockstep/v1/events/history", this::history);
        app.get("/lockstep/v1/events", this::stream);
    }

    /** Ends every open stream within a second (server shutdown). */
    public void closeStreams() {
        open.set(false);
        log.committed();
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

    private void stream(Context ctx) throws IOException, InterruptedException {
        Caller c = Requests.caller(ctx);
        String resume = ctx.header("Last-Event-ID");
        long cursor = resume != null && !resume.isBlank() ? longParam(resume, "Last-Event-ID", 0)
                : ctx.queryParam("after") != null ? longParam(ctx.queryParam("after"), "after", 0)
                : log.lastId();
        EventLog.Filter filter = filter(ctx, c);
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        ServletOutputStream out = res.getOutputStream();
        write(out, "retry: 1000\n: stream from event " + cursor + "\n\n");
        long lastWrite = System.currentTimeMillis();
        try {
            while (open.get()) {
                long seen = log.signal().version();
                List<Event> batch = log.after(cursor, PAGE, filter);
                if (!batch.isEmpty()) {
                    StringBuilder sb = new StringBuilder();
                    for (Event e : batch) {
                        sb.append("id: ").append(e.id()).append('\n')
                                .append("event: ").append(e.kind().wireName()).append('\n')
                                .append("data: ").append(mapper.writeValueAsString(e)).append("\n\n");
                        cursor = e.id();
                    }
                    write(out, sb.toString());
                    lastWrite = System.currentTimeMillis();
                }
                if (batch.size() < PAGE) {
                    // Woken at once by local commits; the timeout also picks up other nodes' commits.
                    log.signal().awaitChange(seen, 1000);
                }
                if (System.currentTimeMillis() - lastWrite > KEEPALIVE_MS) {
                    write(out, ": keep-alive\n\n");
                    lastWrite = System.currentTimeMillis();
                }
            }
        } catch (IOException gone) {
            // The client went away; it resumes from its last id when it comes back.
        }
    }

    private static void write(ServletOutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
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
