package io.lockstep.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What the build produced, on any platform: the app-image and each installer within the size budget
 * (installers/pom.xml states it), a trimmed runtime, both launchers answering, and on Linux the
 * packages declaring what they need. Prints the sizes.
 */
class PackageBudgetIT {

    private static final long MIB = 1024 * 1024;

    @Test
    void theAppImageStaysWithinItsBudget() {
        long total = Packaging.size(Packaging.appImage());
        long runtime = Packaging.size(Packaging.runtime());
        long budget = Long.getLong("installer.budget.appImage", 100) * MIB;
        System.out.printf("app-image %s: %s (runtime %s, application %s); budget %s%n", Packaging.appImage()
                .getFileName(), Packaging.mib(total), Packaging.mib(runtime), Packaging.mib(total - runtime),
                Packaging.mib(budget));
        assertThat(total).as("app-image size").isLessThanOrEqualTo(budget);
    }

    @Test
    void everyInstallerStaysWithinItsBudget() {
        long budget = Long.getLong("installer.budget.package", 72) * MIB;
        assertThat(Packaging.packages()).as("installers built").isNotEmpty();
        for (Path p : Packaging.packages()) {
            long size = Packaging.size(p);
            System.out.printf("%s: %s; budget %s%n", p.getFileName(), Packaging.mib(size), Packaging.mib(budget));
            assertThat(size).as(p.getFileName() + " size").isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void theRuntimeHoldsOnlyTheModulesTheConsoleUses() throws Exception {
        String release = Files.readString(Packaging.runtime().resolve("release"));
        assertThat(release).contains("java.base", "java.sql", "jdk.unsupported", "jdk.crypto.ec")
                .doesNotContain("jdk.compiler", "jdk.jshell", "jdk.javadoc", "java.net.http");
        // --strip-native-commands: the launchers are the only way in
        assertThat(Packaging.runtime().resolve("bin/java")).doesNotExist();
        assertThat(Packaging.runtime().resolve("bin/java.exe")).doesNotExist();
    }

    @Test
    void theBackendLauncherStartsOnTheBundledRuntime() {
        Command help = Command.run(Duration.ofSeconds(60), Packaging.launcher("lockstep-backend").toString(), "--help");
        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("serve", "lab");
        Command backend = Command.run(Duration.ofSeconds(60), Packaging.launcher("lockstep-backend").toString(),
                "--version");
        assertThat(backend.output()).contains("lockstep-backend " + Packaging.PROJECT_VERSION);
    }

    @Test
    void theConsoleLauncherTellsItsVersion() {
        // Lockstep.exe is a windowed program: Windows gives it no console to print to.
        assumeTrue(!Packaging.windows(), "Lockstep.exe has no console to print its version to");
        Command console = Command.run(Duration.ofSeconds(60), Packaging.consoleLauncher().toString(), "--version");
        assertThat(console.exit()).as(console.output()).isZero();
        assertThat(console.output()).contains("Lockstep console " + Packaging.PROJECT_VERSION);
    }

    @Test
    void theDebDeclaresItsDependenciesAndItsFiles() {
        Path deb = Packaging.deb();
        assumeTrue(deb != null && Command.available("dpkg-deb"), "no .deb built here, or no dpkg-deb to read it");
        Command info = Command.run(Duration.ofSeconds(30), "dpkg-deb", "--field", deb.toString(), "Package",
                "Version", "Depends", "Maintainer");
        assertThat(info.output()).contains("Package: lockstep", "Version: " + Packaging.VERSION + "-1",
                "libgtk-3-0", "libgl1", "libxtst6");
        Command files = Command.run(Duration.ofSeconds(60), "dpkg-deb", "--contents", deb.toString());
        assertThat(files.output()).contains("./opt/lockstep/bin/lockstep", "./opt/lockstep/bin/lockstep-backend",
                "./opt/lockstep/lib/app/lockstep.desktop", "./opt/lockstep/lib/app/icons/lockstep-16.png",
                "./opt/lockstep/lib/app/icons/lockstep-512.png");
    }

    @Test
    void theRpmDeclaresItsDependencies() {
        Path rpm = Packaging.packages().stream().filter(p -> p.toString().endsWith(".rpm")).findFirst().orElse(null);
        assumeTrue(rpm != null && Command.available("rpm"), "no .rpm built here (no rpmbuild), or no rpm to read it");
        Command requires = Command.run(Duration.ofSeconds(30), "rpm", "-qp", "--requires", rpm.toString());
        assertThat(requires.output()).contains("gtk3", "mesa-libGL");
        Command scripts = Command.run(Duration.ofSeconds(30), "rpm", "-qp", "--scripts", rpm.toString());
        assertThat(scripts.output()).contains("/usr/bin/lockstep-backend", "/usr/share/applications/lockstep.desktop");
    }
}
