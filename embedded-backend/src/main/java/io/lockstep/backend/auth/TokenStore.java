package io.lockstep.backend.auth;

import io.lockstep.api.auth.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens the service accepts, each with a role and a project. Thread-safe; lookups compare in
 * constant time. One made by {@link #watching} re-reads its file when it changes (checked at most
 * once a second), so tokens are rotated without a restart; a file that no longer parses is reported
 * and the tokens in force are kept.
 */
public final class TokenStore {

    /** One accepted token. {@link #actor()} names it in events without revealing it. */
    public record Token(String secret, Role role, String projectId) {
        public String actor() {
            return role.wireName() + "@" + projectId + "#" + fingerprint(secret);
        }

        @Override
        public String toString() {
            return actor();
        }
    }

    public static final String GENERATED_FILE = "admin-token";
    public static final String GENERATED_PROJECT = "admin";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TokenStore.class);
    private static final long CHECK_EVERY_MS = 1000;
    /** Shorter tokens can be guessed; the generated ones are 48 hex characters. */
    public static final int MIN_LENGTH = 20;

    /** The placeholders of {@code docs/cluster/tokens.example} and their like: never accepted. */
    static boolean isSample(String token) {
        String t = token.toUpperCase(Locale.ROOT);
        return t.contains("REPLACE-WITH") || t.contains("CHANGE-ME") || t.contains("CHANGEME")
                || t.contains("EXAMPLE-TOKEN") || t.contains("YOUR-TOKEN");
    }
    private volatile List<Token> tokens;
    private final Path file;
    private volatile long checkedAt;
    private volatile String seenStamp;
    private volatile String problem;

    private TokenStore(List<Token> tokens) {
        this(tokens, null);
    }

    private TokenStore(List<Token> tokens, Path file) {
        this.tokens = List.copyOf(tokens);
        this.file = file;
        this.seenStamp = file == null ? null : stamp(file);
        this.checkedAt = System.currentTimeMillis();
    }

    /** The tokens of {@code file}, re-read whenever it changes. */
    public static TokenStore watching(Path file) throws IOException {
        return new TokenStore(load(file).tokens, file);
    }

    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file);
        } catch (IOException gone) {
            return "missing";
        }
    }

    private void reloadIfChanged() {
        long now = System.currentTimeMillis();
        if (file == null || now - checkedAt < CHECK_EVERY_MS) {
            return;
        }
        checkedAt = now;
        String stamp = stamp(file);
        if (stamp.equals(seenStamp)) {
            return;
        }
        seenStamp = stamp;
        try {
            tokens = load(file).tokens;
            problem = null;
            LOG.info("tokens re-read from {}: {} token(s)", file, tokens.size());
        } catch (IOException | IllegalArgumentException e) {
            problem = e.getMessage();
            LOG.error("tokens file {} not taken, the tokens in force are kept: {}", file, e.getMessage());
        }
    }

    /** Why the watched file's last change was not taken, if it was not. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public static TokenStore of(List<Token> tokens) {
        return new TokenStore(tokens);
    }

    /**
     * Reads a tokens file: one {@code token role project} per line, {@code #} starts a comment.
     *
     * @throws IllegalArgumentException naming the line and what is wrong with it
     */
    public static TokenStore load(Path file) throws IOException {
        List<Token> tokens = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = file.getFileName() + " line " + (i + 1) + ": ";
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + "expected 'token role project'");
            }
            if (parts[0].length() < MIN_LENGTH) {
                throw new IllegalArgumentException(where + "the token is " + parts[0].length() + " characters; a secret "
                        + "token has at least " + MIN_LENGTH + " (make one with: openssl rand -hex 24)");
            }
            if (isSample(parts[0])) {
                throw new IllegalArgumentException(where + "that is the documentation's sample token, not a secret; "
                        + "make one with: openssl rand -hex 24");
            }
            Role role;
            try {
                role = Role.fromWire(parts[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "role '" + parts[1] + "' is not one of "
                        + Arrays.stream(Role.values()).map(Role::wireName).toList());
            }
            tokens.add(new Token(parts[0], role, parts[2]));
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no tokens");
        }
        return new TokenStore(tokens);
    }

    /**
     * The admin token kept in {@code dataDir/admin-token} (mode 0600), made on first use; the file holds
     * only the token, so {@code --os-token "$(cat DIR/admin-token)"} works.
     */
    public static TokenStore generatedAdmin(Path dataDir) throws IOException {
        Path file = dataDir.resolve(GENERATED_FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            restrict(file);
        }
        String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
        return new TokenStore(List.of(new Token(secret, Role.ADMIN, GENERATED_PROJECT)));
    }

    /** A fresh admin token kept only in memory (scratch services, tests). */
    public static TokenStore randomAdmin() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return new TokenStore(List.of(new Token(HexFormat.of().formatHex(random), Role.ADMIN, GENERATED_PROJECT)));
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's profile folder protects it.
        }
    }

    public Optional<Token> lookup(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        reloadIfChanged();
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        Token found = null;
        for (Token t : tokens) {
            if (MessageDigest.isEqual(given, t.secret().getBytes(StandardCharsets.UTF_8))) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The first admin token, for the lab and tests. */
    public Optional<Token> firstAdmin() {
        return tokens.stream().filter(t -> t.role() == Role.ADMIN).findFirst();
    }

    static String fingerprint(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 3).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
