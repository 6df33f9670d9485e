package io.lockstep.backend.service;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.api.event.EventKind;
import io.lockstep.api.service.ManilaService;
import io.lockstep.api.service.ManilaServiceList;
import io.lockstep.api.service.ServiceSwitch;
import io.lockstep.api.service.ServiceView;
import io.lockstep.api.service.Services;
import io.lockstep.backend.coordination.Coordinator;
import io.lockstep.backend.coordination.MemberInfo;
import io.lockstep.backend.event.EventLog;
import io.lockstep.backend.event.NewEvent;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.ManilaTime;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.Privileged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Services: {@code GET /lockstep/v1/services} for anyone with a token, and Manila's admin-only
 * {@code GET /v2/{project_id}/services} with {@code PUT .../services/disable|enable}.
 */
public final class ServiceRoutes {

    private final ServiceStore store;
    private final Coordinator coordinator;
    private final EventLog events;
    private final Clock clock;
    private final Duration downAfter;
    private final Bodies bodies;
    private final JsonRenderer json;

    public ServiceRoutes(ServiceStore store, Coordinator coordinator, EventLog events, Clock clock, Duration downAfter,
                         Bodies bodies, JsonRenderer json) {
        this.store = store;
        this.coordinator = coordinator;
        this.events = events;
        this.clock = clock;
        this.downAfter = downAfter;
        this.bodies = bodies;
        this.json = json;
    }

    public void register(Javalin app, ManilaRouter manila) {
        app.get("/lockstep/v1/services", ctx -> {
            Requests.caller(ctx);
            json.render(ctx, 200, new Services(views(), downAfter.toSeconds()));
        });
        for (String base : List.of("/services", "/os-services")) {
            manila.get(base, this::manilaList);
            manila.put(base + "/disable", ctx -> switchService(ctx, true));
            manila.put(base + "/enable", ctx -> switchService(ctx, false));
        }
    }

    /** Up when the heartbeat is younger than service_down_time, whatever else is known. */
    public boolean isUp(ServiceRow row) {
        return clock.millis() - row.updatedAt() < downAfter.toMillis();
    }

    List<ServiceView> views() {
        long now = clock.millis();
        Set<String> members = coordinator.members(ServiceHeartbeat.GROUP).stream().map(MemberInfo::memberId)
                .collect(Collectors.toSet());
        return store.list().stream().map(r -> new ServiceView(r.id(), r.binary(), r.host(), r.nodeId(), r.zone(),
                r.disabled() ? "disabled" : "enabled", isUp(r) ? "up" : "down",
                Instant.ofEpochMilli(r.updatedAt()).toString(), Math.max(0, now - r.updatedAt()), r.reportCount(),
                r.disabledReason(), members.contains(r.binary() + "@" + r.host()))).toList();
    }

    private void manilaList(Context ctx) {
        Requests.authorize(ctx, Privileged.READ_SERVICES);
        String host = ctx.queryParam("host");
        String binary = ctx.queryParam("binary");
        json.render(ctx, 200, new ManilaServiceList(store.list().stream()
                .filter(r -> host == null || host.equals(r.host()))
                .filter(r -> binary == null || binary.equals(r.binary()))
                .map(r -> new ManilaService(r.id(), r.binary(), r.host(), r.zone(),
                        r.disabled() ? "disabled" : "enabled", isUp(r) ? "up" : "down", ManilaTime.format(r.updatedAt())))
                .toList()));
    }

    private void switchService(Context ctx, boolean disable) {
        Caller caller = Requests.authorize(ctx, Privileged.MANAGE_SERVICES);
        ServiceSwitch body = bodies.parse(ctx, ServiceSwitch.class);
        if (body.host() == null || body.binary() == null) {
            List<String> known = store.list().stream().map(r -> r.binary() + " on " + r.host()).toList();
            throw new ApiError(new ErrorDetail(400, "'host' and 'binary' are both required; services: " + known + ".",
                    null, null, null, null, null, body.host() == null ? "host" : "binary", null));
        }
        if (body.disabledReason() != null && body.disabledReason().length() > 255) {
            throw new ApiError(new ErrorDetail(400, "'disabled_reason' may be at most 255 characters.", null, null,
                    null, null, null, "disabled_reason", null));
        }
        ServiceRow before = store.find(body.host(), body.binary()).orElseThrow(() ->
                new ApiError(404, "No service " + body.binary() + " on host " + body.host() + "."));
        store.setDisabled(body.host(), body.binary(), disable, body.disabledReason());
        ServiceRow row = store.find(body.host(), body.binary()).orElseThrow();
        if (before.disabled() != row.disabled()) {
            events.appendAlone(new NewEvent(EventKind.SERVICE, "service", String.valueOf(row.id()), null,
                    disable ? "disable" : "enable", before.disabled() ? "disabled" : "enabled",
                    row.disabled() ? "disabled" : "enabled", caller.actor(), row.binary() + "@" + row.host()
                    + (disable && body.disabledReason() != null ? ": " + body.disabledReason() : "")));
        }
        json.render(ctx, 200, java.util.Map.of("host", row.host(), "binary", row.binary(),
                "status", row.disabled() ? "disabled" : "enabled",
                "disabled", row.disabled(), "disabled_reason", row.disabledReason() == null ? "" : row.disabledReason()));
    }
}
