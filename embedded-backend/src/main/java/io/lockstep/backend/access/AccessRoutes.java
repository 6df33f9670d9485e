package io.lockstep.backend.access;

import static io.lockstep.backend.statemachine.ResourceMachines.ACCESS_RULE;
import static io.lockstep.backend.statemachine.ResourceMachines.ACCESS_RULES_STATUS;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.backend.http.ActionBody;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Bodies;
import io.lockstep.backend.http.JsonRenderer;
import io.lockstep.backend.http.ManilaRouter;
import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.http.OperationRoutes;
import io.lockstep.backend.http.Requests;
import io.lockstep.backend.metadata.MetadataRoutes;
import io.lockstep.backend.request.Caller;
import io.lockstep.backend.request.OperationRequest;
import io.lockstep.backend.request.Privileged;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.share.ShareRow;
import io.lockstep.backend.share.ShareStore;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.List;
import java.util.Map;

/**
 * Manila's access rule endpoints: the share's {@code allow_access}, {@code deny_access} (dispatched by
 * the share's action route from the rule's declaration) and {@code access_list} actions, and
 * {@code /share-access-rules} (2.45). Thread-safe.
 */
public final class AccessRoutes {

    /** Where {@code /share-access-rules} begins, and {@code access_list} ends. */
    public static final Microversion RULES_API = new Microversion(2, 45);
    private static final Microversion RULE_STATES = new Microversion(2, 28);
    private static final Microversion RULE_METADATA = new Microversion(2, 45);

    private final AccessService service;
    private final AccessRuleStore rules;
    private final ShareStore shares;
    private final Bodies bodies;
    private final JsonRenderer json;

    public AccessRoutes(AccessService service, AccessRuleStore rules, ShareStore shares, Bodies bodies,
                        JsonRenderer json) {
        this.service = service;
        this.rules = rules;
        this.shares = shares;
        this.bodies = bodies;
        this.json = json;
    }

    /** Registers the rule's parent actions and {@code access_list} with the share's action route. */
    public void contribute(OperationRoutes shareRoutes) {
        OperationRoutes own = OperationRoutes.of(ACCESS_RULE, bodies, json)
                .onParentAction("allow", this::allow)
                .onParentAction("deny", (req, shareId, body, v) -> {
                    service.deny(req, shareId);
                    return OperationRoutes.Reply.accepted();
                });
        shareRoutes.adopt(own);
        shareRoutes.extra("access_list", Privileged.READ_ACCESS_RULES, (caller, shareId, body, v) -> {
            if (v.atLeast(RULES_API)) {
                throw body.unknown("share", List.of("allow_access", "deny_access"));
            }
            return new OperationRoutes.Reply(200, Map.of("access_list", list(caller, shareId, Map.of(), v)));
        });
    }

    public void register(ManilaRouter r) {
        r.get("/" + ACCESS_RULE.wire().collection(), this::listRules);
        r.get("/" + ACCESS_RULE.wire().collection() + "/{id}", this::show);
    }

    private OperationRoutes.Reply allow(OperationRequest req, String shareId, ActionBody body, Microversion v) {
        JsonNode args = body.args();
        if (args == null || !args.isObject()) {
            throw new ApiError(400, "'" + body.key() + "' needs an object: {\"access_type\": ..., \"access_to\": ..., "
                    + "\"access_level\": \"rw\"|\"ro\"}.");
        }
        AccessTarget target = AccessTarget.of(text(args, "access_type"), text(args, "access_to"),
                text(args, "access_level"), v);
        Map<String, String> metadata = v.atLeast(RULE_METADATA) && args.has("metadata")
                ? MetadataRoutes.metadata(args, "metadata") : Map.of();
        AccessRule rule = service.allow(req, shareId, target, metadata, !v.atLeast(RULE_STATES));
        return new OperationRoutes.Reply(200, Map.of("access", AccessView.of(rule, v, true, shareAccessStatus(shareId))));
    }

    private static String text(JsonNode args, String field) {
        JsonNode n = args.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiError(400, "'" + field + "' must be a string.");
        }
        return n.asText();
    }

    private void listRules(Context ctx) {
        requireRulesApi(ctx);
        Caller c = Requests.authorize(ctx, Privileged.READ_ACCESS_RULES);
        Requests.checkParams(ctx, List.of("share_id", "metadata"));
        String shareId = ctx.queryParam("share_id");
        if (shareId == null || shareId.isBlank()) {
            throw ApiError.field("share_id", "share_id is required: the access rules API lists one share's rules.");
        }
        Map<String, String> metadata = Requests.dictionary(ctx, "metadata", "{'key':'value'}");
        json.render(ctx, 200, Map.of("access_list", list(c, shareId, metadata, Requests.version(ctx))));
    }

    private List<Map<String, Object>> list(Caller c, String shareId, Map<String, String> metadata, Microversion v) {
        if (!Requests.isUuid(shareId)) {
            throw new ResourceNotFound("share", shareId);
        }
        String status = visibleShare(c, shareId).accessRulesStatus();
        return rules.ofShare(shareId, metadata).stream().map(r -> AccessView.of(r, v, false, status)).toList();
    }

    private void show(Context ctx) {
        requireRulesApi(ctx);
        Caller c = Requests.authorize(ctx, Privileged.READ_ACCESS_RULES);
        String id = Requests.id(ctx, "id", ACCESS_RULE.noun());
        AccessRule rule = rules.get(id, c.scope());
        json.render(ctx, 200, Map.of("access", AccessView.of(rule, Requests.version(ctx), true,
                shareAccessStatus(rule.shareId()))));
    }

    private static void requireRulesApi(Context ctx) {
        Requests.requireVersion(ctx, RULES_API, "The share access rules API");
    }

    /** The share as the caller may see it (404 otherwise), read with its derived access_rules_status. */
    private ShareRow visibleShare(Caller c, String shareId) {
        return shares.get(shareId, c.scope());
    }

    /** The share's derived access_rules_status, what a client before 2.28 sees as a rule's state. */
    private String shareAccessStatus(String shareId) {
        return shares.get(shareId, null).accessRulesStatus();
    }
}
