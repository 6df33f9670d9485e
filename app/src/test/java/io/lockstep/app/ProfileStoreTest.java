package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.app.profile.ConnectionProfile;
import io.lockstep.app.profile.ProfileStore;
import io.lockstep.client.Trust;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Saved connection profiles: kept private, exported without secrets, imported all or nothing. */
class ProfileStoreTest {

    @TempDir
    Path dir;

    private static ConnectionProfile prod(String token) {
        return new ConnectionProfile("prod", List.of(URI.create("https://n1:8786"), URI.create("https://n2:8786")),
                token, token == null ? Path.of("/etc/lockstep/token") : null, "pin", null, "ab".repeat(32), true);
    }

    @Test
    void profilesAreKeptPrivatelyAndReadBack() throws Exception {
        ProfileStore store = ProfileStore.load(dir);
        store.put(prod("secret-token-123"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("profiles.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        ConnectionProfile again = ProfileStore.load(dir).get("prod").orElseThrow();
        assertThat(again).isEqualTo(prod("secret-token-123"));
        assertThat(again.trustSettings()).isInstanceOf(Trust.Pinned.class);
    }

    @Test
    void exportLeavesInlineTokensOutAndImportIsAllOrNothing() throws Exception {
        ProfileStore store = ProfileStore.load(dir);
        store.put(prod("secret-token-123"));
        Path exported = dir.resolve("shared.json");
        store.export(exported, List.of());
        assertThat(Files.readString(exported)).contains("prod", "https://n2:8786").doesNotContain("secret-token-123");

        Path other = dir.resolve("other");
        ProfileStore elsewhere = ProfileStore.load(other);
        // the exported profile has no token at all: it is refused by name until one is given
        assertThatThrownBy(() -> elsewhere.importFrom(exported)).hasMessageContaining("profile 'prod'")
                .hasMessageContaining("token");
        Files.writeString(exported, Files.readString(exported).replace("\"trust\"",
                "\"token_file\" : \"/home/me/token\", \"trust\""));
        assertThat(elsewhere.importFrom(exported)).containsExactly("prod");
        assertThat(ProfileStore.load(other).get("prod").orElseThrow().tokenFile()).isEqualTo(Path.of("/home/me/token"));
    }

    @Test
    void brokenProfilesAreNamedWithTheFieldAtFault() {
        assertThat(new ConnectionProfile("x", List.of(URI.create("ftp://h")), "t", null, "system", null, null, false)
                .problem()).startsWith("endpoints:");
        assertThat(new ConnectionProfile("x", List.of(URI.create("http://h:1")), "t", null, "pin", null, "ab", false)
                .problem()).startsWith("pin:");
        assertThat(new ConnectionProfile("x", List.of(URI.create("http://h:1")), "t", null, "ca", Path.of("c"), null,
                false).problem()).contains("for https://");
        assertThat(new ConnectionProfile("x", List.of(URI.create("http://h:1")), "t", Path.of("f"), "system", null,
                null, false).problem()).startsWith("token:");
    }

    @Test
    void theCommandLineListsExportsAndImports() throws Exception {
        ProfileStore.load(dir).put(prod(null));
        ConsoleOptions o = new ConsoleOptions();
        new CommandLine(o).parseArgs("--config-dir", dir.toString(), "--list-profiles", "--export-profiles",
                dir.resolve("out.json").toString());
        assertThat(o.profileCommand()).isTrue();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ProfileCommands.run(o, new PrintStream(out, true), System.err)).isZero();
        assertThat(out.toString()).contains("exported 1 profile(s)", "prod", "READ-ONLY");
        assertThat(Files.exists(dir.resolve("out.json"))).isTrue();
    }
}
