package io.lockstep.views.dialog;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules of the create-share form, checked as the operator types (the dialog shows the first
 * problem and keeps Create disabled until there is none). The server checks them again.
 */
public final class CreateShareForm {

    /**
     * What the operator entered, once valid.
     *
     * @param shareType the type's name, or null for the default type
     * @param zone      the availability zone, or null for any
     */
    public record Values(String name, int sizeGb, String protocol, String shareType, String zone) {
        public Values(String name, int sizeGb, String protocol) {
            this(name, sizeGb, protocol, null, null);
        }
    }

    /** The choice that leaves the zone to the scheduler. */
    public static final String ANY_ZONE = "any zone";

    private final List<String> shareTypes;
    private final List<String> zones;

    public CreateShareForm() {
        this(List.of(), List.of());
    }

    /** @param shareTypes the types the operator may pick, default first; {@code zones} the zones to offer */
    public CreateShareForm(List<String> shareTypes, List<String> zones) {
        this.shareTypes = List.copyOf(shareTypes);
        this.zones = List.copyOf(zones);
    }

    public List<String> shareTypes() {
        return shareTypes;
    }

    /** {@link #ANY_ZONE} then the zones. */
    public List<String> zoneChoices() {
        List<String> out = new java.util.ArrayList<>();
        out.add(ANY_ZONE);
        out.addAll(zones);
        return out;
    }

    public static final List<String> PROTOCOLS = List.of("NFS", "CIFS", "CEPHFS", "GLUSTERFS", "HDFS", "MAPRFS");
    public static final int MAX_SIZE_GB = 16_384;
    private static final Pattern NAME = Pattern.compile("\\S(?:[^\\p{Cntrl}]{0,253}\\S)?");

    /** The first problem with these inputs, or null when they can be sent. */
    public String problem(String name, String size, String protocol) {
        if (name == null || name.isBlank()) {
            return "Name: required.";
        }
        if (!NAME.matcher(name).matches()) {
            return "Name: at most 255 characters, no control characters, no leading or trailing spaces.";
        }
        if (size == null || size.isBlank()) {
            return "Size: required, in GiB.";
        }
        int gb;
        try {
            gb = Integer.parseInt(size.strip());
        } catch (NumberFormatException e) {
            return "Size: a whole number of GiB, from 1 to " + MAX_SIZE_GB + ".";
        }
        if (gb < 1 || gb > MAX_SIZE_GB) {
            return "Size: from 1 to " + MAX_SIZE_GB + " GiB.";
        }
        if (protocol == null || !PROTOCOLS.contains(protocol)) {
            return "Protocol: one of " + String.join(", ", PROTOCOLS) + ".";
        }
        return null;
    }

    public Values values(String name, String size, String protocol) {
        return values(name, size, protocol, null, null);
    }

    public Values values(String name, String size, String protocol, String shareType, String zone) {
        String p = problem(name, size, protocol);
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
        return new Values(name.strip(), Integer.parseInt(size.strip()), protocol,
                shareType == null || shareType.isBlank() ? null : shareType,
                zone == null || zone.equals(ANY_ZONE) ? null : zone);
    }
}
