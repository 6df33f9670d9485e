package io.lockstep.backend.access;

import io.lockstep.backend.http.Microversion;
import io.lockstep.backend.request.InvalidRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who a rule grants access to, validated as Manila's API validates it ({@code validate_access}): an
 * IPv4 address or network ({@code ip}; IPv6 from 2.38), a user or group name ({@code user}), a
 * certificate's common name ({@code cert}) or a Ceph id ({@code cephx}, from 2.13). Whether the share's
 * protocol serves the type is the storage's answer, as in Manila: a rule it refuses ends in error.
 */
public record AccessTarget(String type, String to, String level) {

    public static final List<String> LEVELS = List.of("rw", "ro");
    private static final Microversion CEPHX = new Microversion(2, 13);
    private static final Microversion IPV6 = new Microversion(2, 38);
    private static final Pattern USER = Pattern.compile(".[^\"/\\\\\\[\\]:;|=,+*?<>]{3,254}");
    private static final Pattern ONLY_PERIODS_SPACES = Pattern.compile("[\\s|.]+");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(/\\d{1,2})?");

    /** The types a request at {@code v} may name. */
    public static List<String> types(Microversion v) {
        return v.atLeast(CEPHX) ? List.of("ip", "user", "cert", "cephx") : List.of("ip", "user", "cert");
    }

    /** Validates what a client sent; a missing level is {@code rw}, as in Manila. */
    public static AccessTarget of(String type, String to, String level, Microversion v) {
        List<String> types = types(v);
        if (type == null || !types.contains(type)) {
            throw new InvalidRequest("access_type", "Only " + String.join(", ", types.stream().map(t -> "'" + t + "'")
                    .toList()) + " access types are supported" + (type == null ? "; access_type is required." : ", not '"
                    + type + "'."), types);
        }
        if (to == null) {
            throw new InvalidRequest("access_to", "access_to is required: who the rule grants access to.");
        }
        String lvl = level == null ? "rw" : level;
        if (!LEVELS.contains(lvl)) {
            throw new InvalidRequest("access_level", "Invalid share access level: " + level + ".", LEVELS);
        }
        switch (type) {
            case "ip" -> ip(to, v.atLeast(IPV6));
            case "user" -> user(to);
            case "cert" -> {
                if (to.strip().isEmpty() || to.strip().length() > 64) {
                    throw new InvalidRequest("access_to", "Invalid CN (common name). Must be 1-64 chars long.");
                }
            }
            default -> cephx(to);
        }
        return new AccessTarget(type, "cert".equals(type) ? to.strip() : to, lvl);
    }

    private static void ip(String to, boolean ipv6) {
        var m = IPV4.matcher(to);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    throw badIp(to, ipv6);
                }
            }
            if (m.group(5) != null) {
                int prefix = Integer.parseInt(m.group(5).substring(1));
                if (prefix > 32 || hostBitsSet(to, prefix)) {
                    throw new InvalidRequest("access_to", to + " has host bits set (or a prefix over 32).");
                }
            }
            return;
        }
        if (!ipv6 || !to.contains(":")) {
            throw badIp(to, ipv6);
        }
        String[] parts = to.split("/", -1);
        if (parts.length > 2 || !parts[0].matches("[0-9A-Fa-f:.]+")) {
            throw badIp(to, true);
        }
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            if (address.length != 16) {
                throw badIp(to, true);
            }
            if (parts.length == 2) {
                int prefix = Integer.parseInt(parts[1]);
                if (prefix < 0 || prefix > 128) {
                    throw badIp(to, true);
                }
            }
        } catch (UnknownHostException | NumberFormatException e) {
            throw badIp(to, true);
        }
    }

    private static boolean hostBitsSet(String to, int prefix) {
        String[] octets = to.substring(0, to.indexOf('/')).split("\\.");
        long address = 0;
        for (String o : octets) {
            address = address << 8 | Integer.parseInt(o);
        }
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return (address & ~mask & 0xFFFFFFFFL) != 0;
    }

    private static InvalidRequest badIp(String to, boolean ipv6) {
        return new InvalidRequest("access_to", "'" + to + "' does not appear to be an IPv4" + (ipv6 ? " or IPv6" : "")
                + " address or network.");
    }

    private static void user(String to) {
        if (ONLY_PERIODS_SPACES.matcher(to).matches()) {
            throw new InvalidRequest("access_to", "Invalid user or group name, cannot consist solely of periods or "
                    + "spaces.");
        }
        if (!USER.matcher(to).matches()) {
            throw new InvalidRequest("access_to", "Invalid user or group name. Must be 4-255 characters and consist "
                    + "of alphanumeric characters and exclude special characters \"/\\[]:;|=,+*?<>");
        }
    }

    private static void cephx(String to) {
        if (to.isEmpty()) {
            throw new InvalidRequest("access_to", "Ceph IDs may not be empty.");
        }
        if (!to.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t' || c == '\n')) {
            throw new InvalidRequest("access_to", "Ceph IDs must consist of ASCII printable characters.");
        }
        if (to.contains(".")) {
            throw new InvalidRequest("access_to", "Ceph IDs may not contain periods.");
        }
    }
}
