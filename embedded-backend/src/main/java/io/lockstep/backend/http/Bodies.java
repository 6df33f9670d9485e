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
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** The body as JSON, or a 400/413. */
    public JsonNode tree(Context ctx) {
        byte[] body = raw(ctx);
        try {
            JsonNode node = strict.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiError(400, "The request body is empty; a JSON object is required.");
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    public <T> T parse(Context ctx, Class<T> type) {
        return convert(tree(ctx), type);
    }

    /** Binds a JSON node to a record, translating Jackson's complaints into field-naming 400s. */
    public <T> T convert(JsonNode node, Class<T> type) {
        try {
            return strict.treeToValue(node, type);
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
            throw new ApiError(400, "A number in the request is out of range: " + firstLine(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new ApiError(new ErrorDetail(400, "Invalid value for '" + field + "': "
                    + firstLine(e.getOriginalMessage()), null, null, null, null, null, field, null));
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "The request body is not valid: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static byte[] raw(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BYTES) {
            throw new ApiError(413, "The request body is " + declared + " bytes; the limit is " + MAX_BYTES + ".");
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BYTES) {
            throw new ApiError(413, "The request body is " + body.length + " bytes; the limit is " + MAX_BYTES + ".");
        }
        return body;
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
