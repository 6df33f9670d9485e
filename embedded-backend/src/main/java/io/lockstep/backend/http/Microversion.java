package io.lockstep.backend.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Manila API microversion such as 2.60. Immutable. */
public record Microversion(int major, int minor) implements Comparable<Microversion> {

    public static final Microversion MIN = new Microversion(2, 0);
    public static final Microversion MAX = new Microversion(2, 80);
    /** From here on URLs may leave out the project id. */
    public static final Microversion PROJECTLESS = new Microversion(2, 60);
    public static final String HEADER = "X-OpenStack-Manila-API-Version";

    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d{0,3})\\.(0|[1-9]\\d{0,3})$");

    /**
     * The version a request asks for: MIN when it sends no header, MAX for {@code latest}.
     *
     * @throws ApiError 400 for a malformed value, 406 for one outside MIN..MAX
     */
    public static Microversion negotiate(String header) {
        if (header == null || header.isBlank()) {
            return MIN;
        }
        String value = header.strip();
        if (value.equalsIgnoreCase("latest")) {
            return MAX;
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            throw new ApiError(400, "Invalid API version '" + shown + "': use MAJOR.MINOR (e.g. 2.60, each part at most "
                    + "4 digits) or 'latest'; this service speaks " + MIN + " to " + MAX + ".");
        }
        Microversion v = new Microversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.compareTo(MIN) < 0 || v.compareTo(MAX) > 0) {
            throw new ApiError(406, "Version " + v + " is not supported by the API. Minimum is " + MIN
                    + " and maximum is " + MAX + ".");
        }
        return v;
    }

    public boolean atLeast(Microversion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(Microversion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
