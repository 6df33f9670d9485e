package io.lockstep.views.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes rows as CSV (RFC 4180 quoting) or as a JSON array of objects, columns in the order given.
 * Stateless and thread-safe.
 */
public final class TableExport {

    /** One exported column: its header and how to read it from a row. */
    public record Column<T>(String header, Function<T, Object> value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TableExport() {
    }

    public static <T> String csv(List<T> rows, List<Column<T>> columns) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", columns.stream().map(c -> quote(c.header())).toList())).append("\r\n");
        for (T row : rows) {
            sb.append(String.join(",", columns.stream().map(c -> quote(text(c.value().apply(row)))).toList()))
                    .append("\r\n");
        }
        return sb.toString();
    }

    public static <T> String json(List<T> rows, List<Column<T>> columns) {
        List<Map<String, Object>> out = rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            columns.forEach(c -> {
                Object v = c.value().apply(r);
                m.put(c.header(), v instanceof Number || v instanceof Boolean || v == null ? v : v.toString());
            });
            return m;
        }).toList();
        try {
            return JSON.writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("rows could not be written as JSON", e);
        }
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private static String quote(String s) {
        // Also quote a leading = + - @ so that spreadsheets do not run the cell as a formula.
        boolean formula = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
        if (formula) {
            s = "'" + s;
        }
        if (formula || s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
