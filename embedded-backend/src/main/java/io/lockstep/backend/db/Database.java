package io.lockstep.backend.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lockstep.backend.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * The pooled database with the schema migrated: H2 (file or in-memory) by default, PostgreSQL for a
 * cluster. Thread-safe; close it once when the service stops.
 */
public final class Database implements AutoCloseable {

    /** What differs between the two databases; kept to the few places that need it. */
    public enum Dialect { H2, POSTGRES }

    /** The newest migration in {@code db/migration}; {@code SchemaVersionTest} fails when a newer one is added. */
    public static final int SCHEMA_VERSION = 19;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final String url;

    private final boolean exclusive;

    private Database(HikariDataSource dataSource, Dialect dialect, String url, boolean exclusive) {
        this.exclusive = exclusive;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
        this.jdbi = Jdbi.create(dataSource);
        // Queries bind every optional filter and use those that apply.
        this.jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    }

    /**
     * An H2 file database in {@code dataDir} (created owner-only, as are the database's files); a
     * second process opening it fails with "locked".
     */
    public static Database h2File(Path dataDir) {
        try {
            OwnerOnly.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        Database db = open(h2FileUrl(dataDir), null, null);
        restrictH2Files(dataDir);
        return db;
    }

    /** Makes the H2 files in {@code dataDir} owner-only (H2 creates them with the process's umask). */
    public static void restrictH2Files(Path dataDir) {
        try {
            for (String suffix : List.of(".mv.db", ".trace.db", ".lock.db")) {
                OwnerOnly.restrict(dataDir.resolve(FILE_NAME + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the database files in " + dataDir + " owner-only", e);
        }
    }

    /** The JDBC URL of the H2 file database in {@code dataDir} (for the lab's shared opening). */
    public static String h2FileUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(FILE_NAME) + H2_OPTIONS;
    }

    /** A private in-memory H2 database that lives until {@link #close()}. */
    public static Database h2Memory() {
        return open("jdbc:h2:mem:lockstep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + H2_OPTIONS, null, null);
    }

    private static final String FILE_NAME = "lockstep";
    // Row locks wait up to 10 s rather than H2's default 1 s: the event counter row is taken by every
    // writing transaction, and under a burst they queue on it briefly. WRITE_DELAY=0: each commit
    // reaches the file before it returns (decision 0011); H2's default writes commits up to 500 ms later.
    private static final String H2_OPTIONS = ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

    /** Opens any supported JDBC URL and migrates the schema. */
    public static Database open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, true);
    }

    /**
     * Opens a database that others in this JVM use too (the lab's nodes): closing it closes this pool
     * only, never the database itself.
     *
     * @param migrated whoever keeps it open for the others has migrated it already: the migrations are
     *                 not scanned again (a fifth of the lab's start, five nodes over)
     */
    public static Database openShared(String jdbcUrl, boolean migrated) {
        return open(jdbcUrl, null, null, false, !migrated);
    }

    private static Database open(String jdbcUrl, String user, String password, boolean exclusive) {
        return open(jdbcUrl, user, password, exclusive, true);
    }

    private static Database open(String jdbcUrl, String user, String password, boolean exclusive, boolean migrate) {
        Dialect dialect;
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            dialect = Dialect.H2;
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRES;
        } else {
            throw new IllegalArgumentException("unsupported database URL (use jdbc:h2:... or jdbc:postgresql:...)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(16);
        config.setPoolName("lockstep-db");
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource ds = new HikariDataSource(config);
        try {
            if (dialect == Dialect.H2) {
                durableCommits(ds);
            }
            // An H2 database already at the newest version, with no failed migration, is not scanned and
            // validated again: Flyway's start was a third of the embedded lab's. PostgreSQL, which a
            // cluster's nodes share and an operator may have touched, is validated on every start.
            if (migrate && !(dialect == Dialect.H2 && current(ds))) {
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            }
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, dialect, jdbcUrl, exclusive);
    }

    private static boolean current(HikariDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return appliedVersion(c).orElse(-1) == SCHEMA_VERSION;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * The newest migration applied to the database behind {@code c}; empty before the first one, or when
     * one has failed (Flyway then says which).
     */
    public static java.util.OptionalInt appliedVersion(Connection c) throws SQLException {
        int newest = -1;
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return java.util.OptionalInt.empty();
                }
                String v = rs.getString(1);
                if (v != null && v.chars().allMatch(Character::isDigit)) { // versions are whole numbers here
                    newest = Math.max(newest, Integer.parseInt(v));
                }
            }
        } catch (SQLException noHistoryYet) {
            return java.util.OptionalInt.empty();
        }
        return newest < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(newest);
    }

    /**
     * Makes every H2 commit write to the file before it returns, whatever URL was given (an operator's
     * own {@code --db jdbc:h2:file:...} included): a 2xx must survive {@code kill -9}.
     */
    private static void durableCommits(HikariDataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET WRITE_DELAY 0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make H2 commits durable (SET WRITE_DELAY 0 needs an admin "
                    + "user): " + e.getMessage(), e);
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The JDBC URL without credentials, for logs and status pages. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        boolean shutdown = exclusive && (url().startsWith("jdbc:h2:file:") || url().contains("DB_CLOSE_DELAY=-1"));
        if (dialect == Dialect.H2 && shutdown && !dataSource.isClosed()) {
            try {
                // Release the file lock promptly, so the next start finds the file free. An in-memory
                // database without DB_CLOSE_DELAY=-1 is left to whoever else holds it open (the lab's
                // scratch database survives a service restart that way).
                jdbi.useHandle(h -> h.execute("SHUTDOWN"));
            } catch (RuntimeException alreadyClosed) {
                // SHUTDOWN closes the connection under JDBI's feet; the database is down either way.
            }
        }
        dataSource.close();
    }
}
