package io.lockstep.backend.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.api.error.ErrorDetail;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What texts in a request body may hold: no control characters (tab and line breaks only in
 * descriptions), no bidirectional overrides or isolates (they make a name read differently from what
 * it is), and metadata whose values are strings. Checked on the whole body before it is bound, so
 * every field is covered, and the refusal names the field. Stateless.
 */
final class TextRules {

    /** Fields where a line break or a tab is ordinary text. */
    private static final Set<String> MULTILINE = Set.of("description", "display_description", "message");

    private TextRules() {
    }

    static void check(JsonNode node, String path) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            boolean metadata = path.endsWith("metadata");
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                text(f.getKey(), child, false);
                if (metadata && !f.getValue().isTextual()) {
                    throw refuse(child, "Metadata value '" + child + "' must be a string, not "
                            + Bodies.kind(f.getValue()) + ".");
                }
                check(f.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isTextual()) {
            String leaf = path.substring(path.lastIndexOf('.') + 1);
            text(node.textValue(), path, MULTILINE.contains(leaf));
        }
    }

    private static void text(String s, String field, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && !(multiline && (c == '\t' || c == '\n' || c == '\r')) || c >= 0x7f && c <= 0x9f) {
                throw refuse(field, "Field '" + field + "' holds a control character (U+" + hex(c) + ") at position "
                        + i + "; only printable text is allowed" + (multiline ? " (and tabs and line breaks)" : "")
                        + ".");
            }
            if (c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069) {
                throw refuse(field, "Field '" + field + "' holds a bidirectional override (U+" + hex(c)
                        + ") at position " + i + ", which makes text display differently from what it is.");
            }
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }

    private static ApiError refuse(String field, String message) {
        return new ApiError(new ErrorDetail(400, message, null, null, null, null, null, field, null));
    }
}
