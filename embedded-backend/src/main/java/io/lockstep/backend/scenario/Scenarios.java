package io.lockstep.backend.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scenarios bundled with Lockstep: YAML files beside this class's resources, listed in
 * {@code index.txt} in the order a trainer meets them. Adding one is a file and a line.
 */
public final class Scenarios {

    private static final String FOLDER = "/io/lockstep/backend/scenarios/";
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private Scenarios() {
    }

    public static List<Scenario> bundled() {
        List<Scenario> out = new ArrayList<>();
        for (String name : index()) {
            try (InputStream in = Scenarios.class.getResourceAsStream(FOLDER + name + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("index.txt lists " + name + " but " + name + ".yaml is missing");
                }
                out.add(parse(name, in));
            } catch (IOException e) {
                throw new UncheckedIOException("scenario " + name + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(out);
    }

    public static Optional<Scenario> named(String name) {
        return bundled().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Reads one scenario; its name is the file's, whatever the file says. */
    public static Scenario parse(String name, InputStream yaml) throws IOException {
        Scenario s = YAML.readValue(yaml, Scenario.class);
        return new Scenario(name, s.title(), s.summary(), s.lab(), s.steps());
    }

    private static List<String> index() {
        try (InputStream in = Scenarios.class.getResourceAsStream(FOLDER + "index.txt")) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
