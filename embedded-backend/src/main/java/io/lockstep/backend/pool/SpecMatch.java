package io.lockstep.backend.pool;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a pool's capabilities satisfy a share type's extra specs, as Manila's capabilities filter
 * decides: a key scoped other than {@code capabilities:} is not about the pool and is skipped; a
 * capability the pool does not report fails; values compare with Manila's operators ({@code <is>},
 * {@code <in>}, {@code <or>}, {@code ==}, {@code !=}, {@code >=}, {@code <=}, {@code s==} and the other
 * string ones) or, with none, as equal strings (booleans in any case).
 */
final class SpecMatch {

    /** Extra specs the scheduler reads itself rather than matching them to capabilities. */
    static final String ZONES_SPEC = "availability_zones";

    private SpecMatch() {
    }

    /** The first spec the pool fails, as {@code key=value}, or null when it passes all. */
    static String firstFailure(Map<String, String> specs, Map<String, Object> capabilities) {
        for (Map.Entry<String, String> e : specs.entrySet()) {
            String key = e.getKey();
            int colon = key.indexOf(':');
            if (colon >= 0) {
                if (!key.substring(0, colon).equals("capabilities")) {
                    continue;
                }
                key = key.substring(colon + 1);
            }
            if (key.equals(ZONES_SPEC)) {
                continue;
            }
            if (!capabilities.containsKey(key) || !matches(capabilities.get(key), e.getValue())) {
                return key + "=" + e.getValue();
            }
        }
        return null;
    }

    static boolean matches(Object capability, String requirement) {
        if (capability instanceof java.util.List<?> values) {
            // a capability reported as a list (a driver in both modes) matches if any value does, as in Manila
            return values.stream().anyMatch(v -> matches(v, requirement));
        }
        String cap = capability == null ? "None" : capability instanceof Boolean b ? (b ? "True" : "False")
                : String.valueOf(capability);
        String[] words = requirement.strip().split("\\s+");
        if (words.length == 1 || !isOperator(words[0])) {
            return looseEquals(cap, requirement.strip());
        }
        String op = words[0];
        String rest = requirement.strip().substring(op.length()).strip();
        return switch (op) {
            case "<is>" -> looseEquals(cap, rest);
            case "<in>" -> cap.contains(rest);
            case "<or>" -> Arrays.stream(rest.split("\\s*<or>\\s*")).anyMatch(v -> looseEquals(cap, v.strip()));
            case "s==" -> cap.equals(rest);
            case "s!=" -> !cap.equals(rest);
            case "s<" -> cap.compareTo(rest) < 0;
            case "s<=" -> cap.compareTo(rest) <= 0;
            case "s>" -> cap.compareTo(rest) > 0;
            case "s>=" -> cap.compareTo(rest) >= 0;
            default -> numeric(op, cap, rest);
        };
    }

    private static boolean isOperator(String w) {
        return switch (w) {
            case "<is>", "<in>", "<or>", "s==", "s!=", "s<", "s<=", "s>", "s>=", "==", "!=", ">=", "<=", "=" -> true;
            default -> false;
        };
    }

    /** {@code =} means at least, as in Manila. */
    private static boolean numeric(String op, String cap, String rest) {
        double a;
        double b;
        try {
            a = Double.parseDouble(cap);
            b = Double.parseDouble(rest);
        } catch (NumberFormatException e) {
            return false;
        }
        return switch (op) {
            case "==" -> a == b;
            case "!=" -> a != b;
            case ">=", "=" -> a >= b;
            case "<=" -> a <= b;
            default -> false;
        };
    }

    private static boolean looseEquals(String cap, String wanted) {
        String a = cap.toLowerCase(Locale.ROOT);
        String b = wanted.toLowerCase(Locale.ROOT);
        if (isBool(a) && isBool(b)) {
            return truthy(a) == truthy(b);
        }
        return cap.equals(wanted);
    }

    private static boolean isBool(String s) {
        return switch (s) {
            case "true", "false", "t", "f", "yes", "no", "1", "0", "on", "off", "y", "n" -> true;
            default -> false;
        };
    }

    private static boolean truthy(String s) {
        return switch (s) {
            case "true", "t", "yes", "1", "on", "y" -> true;
            default -> false;
        };
    }
}
