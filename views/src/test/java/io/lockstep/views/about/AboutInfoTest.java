package io.lockstep.views.about;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.api.auth.Role;
import io.lockstep.api.auth.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

class AboutInfoTest {

    @Test
    void namesTheConsoleTheServiceWithItsNodeAndTheRuntime() {
        AboutInfo info = AboutInfo.of("1.2.3", new Session(Role.VIEWER, "p1", "1.2.2", "2.0", "2.72", "n2"),
                List.of(new AboutInfo.Fact("Config folder", "/home/u/.config/lockstep")));
        assertThat(info.facts()).extracting(AboutInfo.Fact::label).containsExactly("Console", "Service",
                "Manila API", "Java runtime", "JavaFX", "System", "Config folder");
        assertThat(info.facts().get(1).value()).isEqualTo("1.2.2 (node n2)");
        assertThat(info.runtime()).contains(System.getProperty("java.runtime.version"));
        assertThat(info.asText()).startsWith("Lockstep\nConsole: 1.2.3\nService: 1.2.2 (node n2)\n")
                .contains("Manila API: microversions 2.0 to 2.72", "Config folder: /home/u/.config/lockstep");
    }

    @Test
    void saysSoWhenTheServiceDidNotAnswer() {
        AboutInfo info = AboutInfo.of("1.2.3", null, List.of());
        assertThat(info.serviceVersion()).contains("did not answer");
        assertThat(info.facts()).extracting(AboutInfo.Fact::label).doesNotContain("Manila API");
    }
}
