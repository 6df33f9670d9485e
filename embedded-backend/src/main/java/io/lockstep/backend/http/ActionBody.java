package io.lockstep.backend.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.backend.statemachine.StateMachine;
import java.util.List;

/**
 * A Manila action body, {@code {"<action>": <arguments>}}, checked the same way for every resource:
 * exactly one key, Manila's {@code os-} prefix accepted, and the common argument shapes. Immutable.
 *
 * @param key    the key as sent, for messages
 * @param action the key without {@code os-}
 */
public record ActionBody(String key, String action, JsonNode args) {

    private record ResetStatusArgs(@JsonProperty("status") String status) {
    }

    /** Reads the body; anything but one object with one key is a 400 naming the allowed actions. */
    public static ActionBody parse(Bodies bodies, Context ctx, List<String> allowed) {
        JsonNode body = bodies.tree(ctx);
        if (!body.isObject() || body.size() != 1) {
            throw new ApiError(new ErrorDetail(400, "An action body is one object with one key, the action; allowed: "
                    + allowed + ".", null, null, null, null, null, "(body)", allowed));
        }
        String key = body.fieldNames().next();
        return new ActionBody(key, key.startsWith("os-") ? key.substring(3) : key, body.get(key));
    }

    /** The arguments of an operation started without a body ({@code DELETE}). */
    public static ActionBody none(String operation) {
        return new ActionBody(operation, operation, null);
    }

    /** The 400 for an action this resource does not have. */
    public ApiError unknown(String resource, List<String> allowed) {
        return new ApiError(new ErrorDetail(400, "Unknown " + resource + " action '" + key + "'; allowed: " + allowed
                + ".", null, null, null, null, null, "action", allowed));
    }

    /** {@code reset_status}'s target status; required. */
    public String resetStatus(Bodies bodies, StateMachine machine) {
        ResetStatusArgs b = args == null || args.isNull() ? null : bodies.convert(args, ResetStatusArgs.class);
        if (b == null || b.status() == null) {
            throw new ApiError(new ErrorDetail(400, "'" + key + ".status' is required.", null, null, null, null, null,
                    "status", machine.operation("reset_status").success()));
        }
        return b.status();
    }

    /** For actions without arguments ({@code force_delete}): null or {} only. */
    public void requireNoArguments() {
        if (args != null && !args.isNull() && !(args.isObject() && args.isEmpty())) {
            throw new ApiError(400, "'" + key + "' takes no arguments (null or {}).");
        }
    }
}
