package io.lockstep.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.views.shell.Page;
import io.lockstep.views.shell.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConsoleOptionsTest {

    private static String problem(String... args) {
        ConsoleOptions o = new ConsoleOptions();
        new CommandLine(o).parseArgs(args);
        return o.problem();
    }

    @Test
    void noArgumentsMeansTheEmbeddedLab() {
        assertThat(problem()).isNull();
        assertThat(problem("--scratch")).isNull();
        assertThat(problem("--connect", "http://127.0.0.1:8786", "--token-file", "t")).isNull();
    }

    @Test
    void contradictionsAreNamed() {
        assertThat(problem("--scratch", "--data-dir", "d")).startsWith("--scratch keeps nothing on disk");
        assertThat(problem("--connect", "http://h:1")).isEqualTo(
                "--connect needs --token-file FILE (the file holding your token).");
        assertThat(problem("--connect", "h:1", "--token-file", "t")).contains("http:// or https:// URL");
        assertThat(problem("--token-file", "t")).startsWith("--token-file is for --connect");
        assertThat(problem("--connect", "http://h:1", "--token-file", "t", "--scratch"))
                .startsWith("--connect talks to a running service");
        assertThat(problem("--connect", "http://h:1", "--token-file", "t", "--tls-ca", "ca.pem"))
                .contains("for --connect https://");
        assertThat(problem("--connect", "https://h:1", "--token-file", "t", "--tls-pin", "AB:CD"))
                .contains("64 hex digits");
        assertThat(problem("--connect", "https://h:1", "--token-file", "t", "--tls-pin", "ab".repeat(32))).isNull();
        assertThat(problem("--connect", "https://n1:8786,https://n2:8786", "--token-file", "t")).isNull();
        assertThat(problem("--connect", "https://n1:8786,n2", "--token-file", "t")).contains("not 'n2'");
        assertThat(problem("--profile", "prod", "--scratch")).startsWith("--profile connects with a saved profile");
        assertThat(problem("--save-profile", "prod")).startsWith("--save-profile saves a --connect");
        assertThat(problem("--read-only")).startsWith("--read-only is for --connect or --profile");
        assertThat(problem("--profile", "prod", "--read-only")).isNull();
    }

    @Test
    void settingsSurviveARestartAndDamageMeansDefaults(@TempDir Path dir) throws Exception {
        Settings s = Settings.load(dir);
        s.put("window.width", 1024.0);
        s.put("theme", Theme.DARK.name());
        s.put("page", Page.LAB.name());
        s.save();
        Settings again = Settings.load(dir);
        assertThat(again.number("window.width", 0)).isEqualTo(1024.0);
        assertThat(again.theme()).isEqualTo(Theme.DARK);
        assertThat(again.page()).isEqualTo(Page.LAB);

        Files.writeString(dir.resolve("console.properties"), "theme=PURPLE\npage=\\uZZZZ");
        Settings damaged = Settings.load(dir);
        assertThat(damaged.theme()).isEqualTo(Theme.SYSTEM);
        assertThat(damaged.page()).isEqualTo(Page.OVERVIEW);
    }
}
