package io.lockstep.app.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saved connection profiles, in {@code profiles.json} in the user's config folder (mode 0600:
 * it may hold tokens). Export writes them without their inline tokens; import adds or replaces by
 * name and refuses a file with a broken profile, naming it. Not thread-safe: the FX thread or the
 * command line own it.
 */
public final class ProfileStore {

    static final String FILE = "profiles.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Document(@JsonProperty("profiles") List<ConnectionProfile> profiles) {
    }

    private final Path file;
    private final Map<String, ConnectionProfile> byName = new LinkedHashMap<>();

    private ProfileStore(Path file) {
        this.file = file;
    }

    public static ProfileStore load(Path configDir) throws IOException {
        ProfileStore s = new ProfileStore(configDir.resolve(FILE));
        if (Files.exists(s.file)) {
            s.read(s.file).forEach(p -> s.byName.put(p.name(), p));
        }
        return s;
    }

    public List<ConnectionProfile> all() {
        return List.copyOf(byName.values());
    }

    public Optional<ConnectionProfile> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Adds or replaces by name and saves. */
    public void put(ConnectionProfile p) throws IOException {
        check(p);
        byName.put(p.name(), p);
        save();
    }

    public boolean remove(String name) throws IOException {
        boolean had = byName.remove(name) != null;
        save();
        return had;
    }

    /** Writes these profiles to {@code target} without their inline tokens. */
    public void export(Path target, List<String> names) throws IOException {
        List<ConnectionProfile> out = new ArrayList<>();
        for (String n : names.isEmpty() ? List.copyOf(byName.keySet()) : names) {
            out.add(get(n).orElseThrow(() -> new IllegalArgumentException("no profile named '" + n + "'"))
                    .withoutSecret());
        }
        JSON.writeValue(target.toFile(), new Document(out));
    }

    /** Adds or replaces the profiles of {@code source}; all or none. Returns the names taken. */
    public List<String> importFrom(Path source) throws IOException {
        List<ConnectionProfile> in = read(source);
        in.forEach(ProfileStore::check);
        in.forEach(p -> byName.put(p.name(), p));
        save();
        return in.stream().map(ConnectionProfile::name).toList();
    }

    private List<ConnectionProfile> read(Path source) throws IOException {
        Document d = JSON.readValue(source.toFile(), Document.class);
        return d.profiles() == null ? List.of() : d.profiles();
    }

    private static void check(ConnectionProfile p) {
        String problem = p.problem();
        if (problem != null) {
            throw new IllegalArgumentException("profile '" + p.name() + "': " + problem);
        }
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), new Document(all()));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // the user's profile folder protects it
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
