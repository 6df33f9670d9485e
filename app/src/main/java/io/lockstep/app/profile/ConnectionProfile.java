package io.lockstep.app.profile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockstep.client.Trust;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A saved way to reach a Lockstep cluster: its nodes (tried in order, the next when one dies), the
 * token (inline, or a file that holds it), how the nodes' certificates are trusted, and whether the
 * console opens it read-only. Immutable.
 *
 * @param trust {@code system}, {@code ca} (with {@code caFile}) or {@code pin} (with {@code pin})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionProfile(
        @JsonProperty("name") String name,
        @JsonProperty("endpoints") List<URI> endpoints,
        @JsonProperty("token") String token,
        @JsonProperty("token_file") Path tokenFile,
        @JsonProperty("trust") String trust,
        @JsonProperty("ca_file") Path caFile,
        @JsonProperty("pin") String pin,
        @JsonProperty("read_only") boolean readOnly) {

    public static final List<String> TRUSTS = List.of("system", "ca", "pin");

    public ConnectionProfile {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        trust = trust == null ? "system" : trust;
    }

    /** What is wrong with this profile, or null. */
    public String problem() {
        if (name == null || !name.matches("[\\w .@-]{1,64}")) {
            return "name: 1 to 64 letters, digits, spaces, '.', '-', '_' or '@'";
        }
        if (endpoints.isEmpty()) {
            return "endpoints: at least one http:// or https:// URL";
        }
        for (URI u : endpoints) {
            if (u.getScheme() == null || !u.getScheme().matches("https?") || u.getHost() == null) {
                return "endpoints: '" + u + "' is not an http:// or https:// URL";
            }
        }
        if ((token == null || token.isBlank()) == (tokenFile == null)) {
            return "token: give either the token or the file holding it";
        }
        if (!TRUSTS.contains(trust)) {
            return "trust: one of " + TRUSTS;
        }
        if (trust.equals("ca") && caFile == null) {
            return "ca_file: the PEM file of the CA to trust";
        }
        if (trust.equals("pin")) {
            if (pin == null) {
                return "pin: the SHA-256 fingerprint of the nodes' certificate";
            }
            try {
                new Trust.Pinned(pin);
            } catch (IllegalArgumentException e) {
                return "pin: " + e.getMessage();
            }
        }
        if (!trust.equals("system") && endpoints.stream().anyMatch(u -> !u.getScheme().equals("https"))) {
            return "trust: " + trust + " is for https:// endpoints";
        }
        return null;
    }

    @JsonIgnore
    public Trust trustSettings() {
        return switch (trust) {
            case "ca" -> new Trust.CaFile(caFile);
            case "pin" -> new Trust.Pinned(pin);
            default -> Trust.system();
        };
    }

    /** The same profile without its inline token (for export: secrets stay on this machine). */
    public ConnectionProfile withoutSecret() {
        return new ConnectionProfile(name, endpoints, null, tokenFile, trust, caFile, pin, readOnly);
    }
}
