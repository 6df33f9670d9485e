package io.lockstep.backend.sharetype;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The extra specs Manila standardises, validated as Manila validates them: the required
 * {@code driver_handles_share_servers}, the boolean capabilities, {@code replication_type} and the
 * others with their value sets; any other key is free (a capability a pool may report, or a
 * {@code vendor:key} hint for the driver). Stateless.
 */
public final class ExtraSpecs {

    public static final String DHSS = "driver_handles_share_servers";
    public static final String SNAPSHOT_SUPPORT = "snapshot_support";
    public static final List<String> REQUIRED = List.of(DHSS);
    public static final List<String> BOOLEAN = List.of(DHSS, SNAPSHOT_SUPPORT, "create_share_from_snapshot_support",
            "revert_to_snapshot_support", "mount_snapshot_support", "mount_point_name_support",
            "snapshot_inherit_share_access_support");
    public static final List<String> REPLICATION_TYPES = List.of("writable", "readable", "dr");
    public static final List<String> ENCRYPTION_TYPES = List.of("share", "share_server");
    /** What a user who is not an admin sees of a type's specs. */
    public static final List<String> TENANT_VISIBLE = List.of(DHSS, SNAPSHOT_SUPPORT,
            "create_share_from_snapshot_support", "revert_to_snapshot_support", "replication_type",
            "mount_snapshot_support", "mount_point_name_support", "snapshot_inherit_share_access_support",
            "availability_zones", "encryption_support", "provisioning:max_share_size", "provisioning:min_share_size",
            "provisioning:max_share_extend_size", "provisioning:mount_point_prefix", "default_qos_type");
    /** Shown to users (from 2.24) with these values when the type does not set them. */
    public static final Map<String, Object> INFERRED = Map.of(SNAPSHOT_SUPPORT, false,
            "create_share_from_snapshot_support", false, "revert_to_snapshot_support", false,
            "mount_snapshot_support", false);
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_.:\\-]{1,255}$");
    private static final List<String> TRUE = List.of("true", "t", "1", "on", "y", "yes");
    private static final List<String> FALSE = List.of("false", "f", "0", "off", "n", "no");

    private ExtraSpecs() {
    }

    /** Whether {@code value} is one of the strings Manila reads as a boolean (oslo's bool_from_string). */
    public static Optional<Boolean> bool(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return TRUE.contains(s) ? Optional.of(true) : FALSE.contains(s) ? Optional.of(false) : Optional.empty();
    }

    /**
     * Checks each key and value; returns the specs as stored (strings, CSV values trimmed).
     *
     * @param requireAll whether the required specs must be among them (creating a type)
     * @throws IllegalArgumentException with Manila's message, naming the spec
     */
    public static Map<String, String> validate(Map<String, ?> specs, boolean requireAll) {
        Map<String, String> out = new LinkedHashMap<>();
        if (requireAll) {
            for (String r : REQUIRED) {
                if (!specs.containsKey(r)) {
                    throw new IllegalArgumentException("Required extra specs '" + r + "' not specified.");
                }
            }
        }
        for (Map.Entry<String, ?> e : specs.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (k == null || !KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("Key names can only contain alphanumeric characters, underscores, "
                        + "periods, colons and hyphens, 1 to 255 of them (got '" + k + "').");
            }
            if (!(v instanceof String) && !(v instanceof Boolean) || String.valueOf(v).isEmpty()
                    || String.valueOf(v).length() > 255) {
                throw new IllegalArgumentException("Invalid extra_spec: " + k + ": " + v
                        + " (a value is a string of 1 to 255 characters or a boolean).");
            }
            out.put(k, valid(k, v));
        }
        return out;
    }

    private static String valid(String k, Object v) {
        String s = String.valueOf(v);
        if (BOOLEAN.contains(k)) {
            if (bool(v).isEmpty()) {
                throw new IllegalArgumentException(k.equals(DHSS) ? "Value of required extra_spec " + k
                        + " is not valid: it must be a boolean ('True' or 'False'), got '" + s + "'."
                        : "Invalid extra_spec: " + k + ": " + s + " (it must be a boolean: 'True' or 'False').");
            }
            return v instanceof Boolean b ? (b ? "True" : "False") : s;
        }
        switch (k) {
            case "replication_type" -> oneOf(k, s, REPLICATION_TYPES);
            case "encryption_support" -> oneOf(k, s, ENCRYPTION_TYPES);
            case "availability_zones" -> {
                String[] zones = s.split(",");
                for (String z : zones) {
                    if (z.isBlank()) {
                        throw new IllegalArgumentException("Invalid extra_spec: " + k + ": " + s
                                + " (a comma-separated list of zone names, none empty).");
                    }
                }
                return String.join(",", java.util.Arrays.stream(zones).map(String::trim).toList());
            }
            case "provisioning:max_share_size", "provisioning:min_share_size", "provisioning:max_share_extend_size" -> {
                try {
                    if (Integer.parseInt(s.trim()) < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid extra_spec: " + k + ": " + s
                            + " (an integer of at least 1).");
                }
            }
            default -> {
            }
        }
        return s;
    }

    private static void oneOf(String k, String v, List<String> allowed) {
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("Invalid extra_spec: " + k + ": " + v + " (one of " + allowed + ").");
        }
    }
}
