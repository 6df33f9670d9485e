package io.lockstep.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import io.lockstep.api.error.ErrorDetail;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strict request bodies: size-limited, JSON only, no unknown fields, no silent coercions. Every
 * refusal names the field and what it allows. Thread-safe.
 */
public final class Bodies {

    public static final int MAX_BYTES = 64 * 1024;

    private final ObjectMapper strict;

    public Bodies(ObjectMapper base) {
        this.strict = base.copy()
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * The body as a JSON object whose texts hold no control or bidirectional-override characters and
     * whose metadata values are strings; a 400 naming the field otherwise.
     */
    public JsonNode tree(Context ctx) {
        byte[] body = Requests.body(ctx);
        JsonNode node;
        try {
            node = strict.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            String duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? e.getOriginalMessage().replaceAll("(?s)^Duplicate field '([^']*)'.*$", "$1") : null;
            if (duplicate != null) {
                throw new ApiError(new ErrorDetail(400, "Field '" + duplicate + "' appears more than once in the "
                        + "request body.", null, null, null, null, null, duplicate, null));
            }
            throw new ApiError(400, "The request body is not valid JSON" + where(e) + ": " + clean(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ApiError(400, "The request body is not valid JSON.");
        }
        if (node == null || node.isMissingNode()) {
            throw new ApiError(400, "The request body is empty; a JSON object is required.");
        }
        if (!node.isObject()) {
            throw new ApiError(new ErrorDetail(400, "The request body must be a JSON object, not "
                    + kind(node) + ".", null, null, null, null, null, "(body)", null));
        }
        TextRules.check(node, "");
        return node;
    }

    private static String where(com.fasterxml.jackson.core.JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    static String kind(JsonNode n) {
        return n.isNull() ? "null" : n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber() ? "a number"
                : n.isBoolean() ? "a boolean" : "a JSON value";
    }

    public <T> T parse(Context ctx, Class<T> type) {
        return convert(tree(ctx), type);
    }

    /** Binds a JSON node to a record, translating Jackson's complaints into field-naming 400s. */
    public <T> T convert(JsonNode node, Class<T> type) {
        if (node == null || node.isNull()) {
            throw new ApiError(new ErrorDetail(400, "A JSON object is required here, not null.", null, null, null,
                    null, null, "(body)", null));
        }
        try {
            T value = strict.treeToValue(node, type);
            requireEnvelopes(value);
            return value;
        } catch (UnrecognizedPropertyException e) {
            List<String> allowed = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String field = path(e);
            throw new ApiError(new ErrorDetail(400, "Unknown field '" + field + "'; allowed: " + allowed + ".",
                    null, null, null, null, null, field, allowed));
        } catch (MismatchedInputException e) {
            String field = path(e);
            String expected = e.getTargetType() != null ? describe(e.getTargetType()) : "a different type";
            throw new ApiError(new ErrorDetail(400, "Invalid value for '" + field + "': must be " + expected + ".",
                    null, null, null, null, null, field, null));
        } catch (InputCoercionException e) {
            throw new ApiError(400, "A number in the request is out of range.");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new ApiError(new ErrorDetail(400, "Invalid value for '" + field + "': "
                    + clean(e.getOriginalMessage()), null, null, null, null, null, field, null));
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "The request body is not valid: " + clean(e.getOriginalMessage()));
        }
    }

    /** An envelope's body ({@code {"share": {...}}}) is required: null there is refused by name. */
    private static void requireEnvelopes(Object value) {
        if (value == null || !value.getClass().isRecord()) {
            return;
        }
        for (var component : value.getClass().getRecordComponents()) {
            if (!component.getType().isRecord()) {
                continue;
            }
            try {
                if (component.getAccessor().invoke(value) == null) {
                    var prop = component.getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
                    String field = prop != null ? prop.value() : component.getName();
                    throw new ApiError(new ErrorDetail(400, "Field '" + field + "' is required and must be a JSON "
                            + "object.", null, null, null, null, null, field, null));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Jackson's words without its type and class names, which mean nothing to a client. */
    static String clean(String message) {
        String s = firstLine(message)
                .replaceAll("`[^`]*`", "a value")
                .replaceAll("\\(token `?JsonToken\\.[A-Z_]+`?\\)", "")
                .replaceAll("JsonToken\\.[A-Z_]+", "a token")
                .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*\\b", "a value");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "(body)" : p;
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
