package io.lockstep.backend.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockstep.backend.db.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s settings from the command line, the environment and a config file, and {@code --check}. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCommandLineBeatsTheEnvironmentWhichBeatsTheConfigFile() throws Exception {
        Path config = dir.resolve("node.properties");
        Files.writeString(config, "node-id = from-file\nservices = api,share@pool3\ndb = mem\nport = 0\n");
        Run fileOnly = run(Map.of(), "serve", "--config", config.toString(), "--check");
        assertThat(fileOnly.code()).as(fileOnly.err()).isZero();
        assertThat(fileOnly.out()).contains("node from-file", "services [API, SHARE]", "share pool pool3",
                "all checks passed");
        Run env = run(Map.of("LOCKSTEP_NODE_ID", "from-env"), "serve", "--config", config.toString(), "--check");
        assertThat(env.out()).contains("node from-env");
        Run cli = run(Map.of("LOCKSTEP_NODE_ID", "from-env"), "serve", "--config", config.toString(), "--check",
                "--node-id", "from-cli");
        assertThat(cli.out()).contains("node from-cli");
        Run viaEnvConfig = run(Map.of("LOCKSTEP_CONFIG", config.toString()), "serve", "--check");
        assertThat(viaEnvConfig.out()).contains("node from-file");
    }

    @Test
    void badSettingsAreNamedWithWhatIsAllowed() throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.writeString(config, "node-id = n1\ndatabase = jdbc:h2:mem:x\n");
        Run unknownKey = run(Map.of(), "serve", "--config", config.toString(), "--check");
        assertThat(unknownKey.code()).isEqualTo(2);
        assertThat(unknownKey.err()).contains("'database' is not a setting", "db-user", "coordination");

        Run badService = run(Map.of(), "serve", "--services", "api,sahre", "--check");
        assertThat(badService.code()).isEqualTo(2);
        assertThat(badService.err()).contains("'sahre' is not a service", "share@POOL");

        Run badPool = run(Map.of(), "serve", "--services", "share@pool9", "--check");
        assertThat(badPool.err()).contains("pool1");

        Run badZk = run(Map.of(), "serve", "--coordination", "zk://h:1", "--check");
        assertThat(badZk.err()).contains("zookeeper://HOST:PORT");

        Run clusterOnH2 = run(Map.of(), "serve", "--coordination", "zookeeper://127.0.0.1:2181/lockstep", "--check");
        assertThat(clusterOnH2.err()).contains("needs a shared database", "jdbc:postgresql");
    }

    private Path keystore(String name, String... keytoolArgs) throws Exception {
        Path ks = dir.resolve(name + ".p12");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "k",
                "-dname", "CN=localhost", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit"));
        cmd.addAll(java.util.List.of(keytoolArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        Files.setPosixFilePermissions(ks, PosixFilePermissions.fromString("rw-------"));
        return ks;
    }

    private Path secret(String name, String text, String mode) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void checkRefusesWhatServeRefuses() throws Exception {
        String good = "a-secret-token-of-enough-length-42";
        Path open = secret("open-tokens", good + " admin ops\n", "rw-r--r--");
        Run shared = run(Map.of(), "serve", "--check", "--db", "mem", "--token-file", open.toString());
        assertThat(shared.code()).isEqualTo(2);
        assertThat(shared.err()).contains("may be read by others", "chmod 600 " + open);
        Run allowed = run(Map.of(), "serve", "--check", "--db", "mem", "--port", "0", "--token-file", open.toString(),
                "--allow-shared-secret-files");
        assertThat(allowed.code()).as(allowed.err()).isZero();

        Path sample = secret("sample-tokens", Files.readString(Path.of("..", "docs", "cluster", "tokens.example")),
                "rw-------");
        Run samples = run(Map.of(), "serve", "--check", "--db", "mem", "--token-file", sample.toString());
        assertThat(samples.code()).isEqualTo(2);
        assertThat(samples.err()).contains("sample token");
        Path shortOne = secret("short-tokens", "tooshort1 admin ops\n", "rw-------");
        assertThat(run(Map.of(), "serve", "--check", "--db", "mem", "--token-file", shortOne.toString()).err())
                .contains("at least 20");

        Run plainOnAll = run(Map.of(), "serve", "--check", "--db", "mem", "--bind", "0.0.0.0", "--port", "0");
        assertThat(plainOnAll.code()).isEqualTo(2);
        assertThat(plainOnAll.err()).contains("refusing to serve plain HTTP");

        Path pw = secret("ks-password", "changeit\n", "rw-------");
        Path expired = keystore("expired", "-keyalg", "EC", "-groupname", "secp256r1", "-startdate", "-3d",
                "-validity", "1");
        Run old = run(Map.of(), "serve", "--check", "--db", "mem", "--tls-keystore", expired.toString(),
                "--tls-keystore-password-file", pw.toString());
        assertThat(old.code()).isEqualTo(2);
        assertThat(old.err()).contains("expired");
        Path weak = keystore("weak", "-keyalg", "RSA", "-keysize", "1024", "-validity", "3");
        Run rsa1024 = run(Map.of(), "serve", "--check", "--db", "mem", "--tls-keystore", weak.toString(),
                "--tls-keystore-password-file", pw.toString());
        assertThat(rsa1024.code()).isEqualTo(2);
        assertThat(rsa1024.err()).contains("RSA 1024 bits", "at least 2048");
        Path strong = keystore("strong", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3");
        Run fine = run(Map.of(), "serve", "--check", "--db", "mem", "--port", "0", "--bind", "0.0.0.0",
                "--tls-keystore", strong.toString(), "--tls-keystore-password-file", pw.toString());
        assertThat(fine.code()).as(fine.err()).isZero();
        assertThat(fine.out()).contains("EC 256 bits", "AEAD suites only", "all checks passed");
    }

    @Test
    void checkReachesPostgresAndZooKeeperAndReportsWhatFails() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             TestingServer zk = new TestingServer(true)) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Path password = dir.resolve("db-password");
            Files.writeString(password, "unused\n");
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            Run ok = run(Map.of(), "serve", "--check", "--node-id", "n1", "--db", url, "--db-user", "postgres",
                    "--db-password-file", password.toString(), "--coordination", "zookeeper://"
                            + zk.getConnectString() + "/lockstep", "--port", "0");
            assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("database: ok (PostgreSQL", "the first node to start migrates it",
                    "zookeeper: ok (" + zk.getConnectString() + " (namespace /lockstep))", "all checks passed");

            Run down = run(Map.of(), "serve", "--check", "--db", "jdbc:postgresql://127.0.0.1:1/none",
                    "--coordination", "zookeeper://" + zk.getConnectString() + "/lockstep", "--port", "0");
            assertThat(down.code()).isEqualTo(1);
            assertThat(down.out()).contains("database: FAILED", "zookeeper: ok", "FAILED: database");
        }
    }

    @Test
    void nodesStartingTogetherMigrateTheSchemaOnceAndAllGetIt() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            ExecutorService pool = Executors.newFixedThreadPool(3);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return Database.open(url, "postgres", null);
                }));
            }
            go.countDown();
            List<Database> dbs = new ArrayList<>();
            for (Future<Database> f : opened) {
                dbs.add(f.get(2, TimeUnit.MINUTES));
            }
            pool.shutdown();
            List<String> versions = dbs.get(0).jdbi().withHandle(h -> h.createQuery(
                    "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                    .mapTo(String.class).list());
            assertThat(versions).doesNotHaveDuplicates().contains("1", "7");
            for (Database d : dbs) {
                int rows = d.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit").mapTo(Integer.class)
                        .one());
                assertThat(rows).isZero();
                d.close();
            }
        }
    }

    @Test
    void checkMachinesJudgesEveryPairWithoutAService() {
        Run check = run(Map.of(), "check-machines");
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("share family:").contains("job family:").contains("; 0 unsafe")
                .contains("states explored").contains("; 0 violations");
    }
}
