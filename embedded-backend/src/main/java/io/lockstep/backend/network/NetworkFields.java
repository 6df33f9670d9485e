package io.lockstep.backend.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.backend.http.ApiError;
import io.lockstep.backend.http.Requests;
import java.util.List;

/** Reading the optional string fields of a network, subnet or security service body, checked. Stateless. */
final class NetworkFields {

    private NetworkFields() {
    }

    /** The object under {@code key}, or a 400 naming it. */
    static JsonNode envelope(JsonNode body, String key) {
        JsonNode inner = body.get(key);
        if (inner == null || !inner.isObject()) {
            throw ApiError.field(key, "The body must be {\"" + key + "\": {...}}.");
        }
        return inner;
    }

    /** A string field of at most {@code max} characters, or null when absent or null. */
    static String text(JsonNode o, String field, int max) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiError.field(field, field + " must be a string.");
        }
        if (v.asText().length() > max) {
            throw ApiError.field(field, field + " may be at most " + max + " characters (got " + v.asText().length()
                    + ").");
        }
        return v.asText();
    }

    /** A field that names a resource by its UUID, or null. */
    static String uuid(JsonNode o, String field) {
        String v = text(o, field, 36);
        if (v != null && !Requests.isUuid(v)) {
            throw ApiError.field(field, field + " must be a UUID (got '" + v + "').");
        }
        return v;
    }

    /** Only the given fields are accepted. */
    static void only(JsonNode o, String what, List<String> allowed) {
        o.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw ApiError.field(f, "'" + f + "' is not a field of a " + what + "; allowed: " + allowed + ".",
                        allowed);
            }
        });
    }
}
