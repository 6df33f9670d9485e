package io.lockstep.backend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An H2 file at the newest version skips Flyway; anything else still goes through it. */
class SchemaVersionTest {

    @TempDir
    Path dir;

    @Test
    void theVersionIsTheNewestMigration() throws Exception {
        Path migrations = Path.of(Database.class.getResource("/db/migration").toURI());
        int newest;
        try (Stream<Path> files = Files.list(migrations)) {
            newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).as("Database.SCHEMA_VERSION must name the newest migration")
                .isEqualTo(newest);
    }

    @Test
    void anOlderFileIsMigratedAndACurrentOneOpensAsIs() throws Exception {
        String url = Database.h2FileUrl(dir);
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .target(String.valueOf(Database.SCHEMA_VERSION - 1)).load().migrate();
        assertThat(applied(url)).hasValue(Database.SCHEMA_VERSION - 1);

        Database.h2File(dir).close();
        assertThat(applied(url)).hasValue(Database.SCHEMA_VERSION);

        // A current file is not validated again: a checksum Flyway would refuse goes unread.
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = 1 WHERE \"version\" = '1'");
        }
        Database.h2File(dir).close();
        assertThat(Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load()
                .validateWithResult().validationSuccessful).as("Flyway itself would have refused it").isFalse();
    }

    @Test
    void aFailedMigrationIsNotSkipped() throws Exception {
        String url = Database.h2FileUrl(dir);
        Database.h2File(dir).close();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '"
                    + Database.SCHEMA_VERSION + "'");
            assertThat(Database.appliedVersion(c)).isEmpty();
        }
        assertThatThrownBy(() -> Database.h2File(dir)).hasMessageContaining("failed");
    }

    private static java.util.OptionalInt applied(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            return Database.appliedVersion(c);
        }
    }
}
