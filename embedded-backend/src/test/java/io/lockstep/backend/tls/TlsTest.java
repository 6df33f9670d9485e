package io.lockstep.backend.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.node.ServiceNode;
import io.lockstep.client.LockstepClient;
import io.lockstep.client.Trust;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the node from a PKCS12 keystore or PEM files (a self-signed certificate made with the JDK's
 * keytool for 127.0.0.1), and the client's three ways to trust it; plain HTTP off loopback is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {

    private static final String TOKEN = "tls-admin-token-0001";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private Path dir;
    private Path keystore;
    private Path certPem;
    private Path keyPem;
    private X509Certificate certificate;

    @BeforeAll
    void makeCertificate(@TempDir Path tmp) throws Exception {
        dir = tmp;
        keystore = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "lockstep", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        certificate = (X509Certificate) ks.getCertificate("lockstep");
        PrivateKey key = (PrivateKey) ks.getKey("lockstep", PASSWORD);
        certPem = dir.resolve("server.crt");
        keyPem = dir.resolve("server.key");
        Files.writeString(certPem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static ServiceNode node(ServerTls tls) {
        return ServiceNode.builder().tokens(TokenStore.of(List.of(new TokenStore.Token(TOKEN,
                io.lockstep.api.auth.Role.ADMIN, "p1")))).tls(tls).start();
    }

    private static int services(LockstepClient c) {
        return c.call(c.lockstep().services()).services().size();
    }

    @Test
    void aKeystoreServesHttpsToClientsTrustingItsCaOrItsFingerprint() {
        try (ServiceNode node = node(ServerTls.pkcs12(keystore, PASSWORD));
             LockstepClient byCa = LockstepClient.connect(node.uri(), TOKEN, new Trust.CaFile(certPem));
             LockstepClient byPin = LockstepClient.connect(node.uri(), TOKEN,
                     new Trust.Pinned(Trust.fingerprint(certificate).toLowerCase().replace(":", "")));
             LockstepClient wrongPin = LockstepClient.connect(node.uri(), TOKEN, new Trust.Pinned("00".repeat(32)));
             LockstepClient system = LockstepClient.connect(node.uri(), TOKEN)) {
            assertThat(node.uri().getScheme()).isEqualTo("https");
            // trust on first use: what the node presents, before trusting it, is its certificate
            assertThat(Trust.fingerprint(Trust.peek(node.uri()))).isEqualTo(Trust.fingerprint(certificate));
            assertThat(services(byCa)).isPositive();
            assertThat(services(byPin)).isPositive();
            assertThatThrownBy(() -> services(wrongPin)).hasStackTraceContaining("is not the pinned");
            assertThatThrownBy(() -> services(system)).hasStackTraceContaining("SSLHandshakeException");
        }
    }

    @Test
    void pemFilesServeTheSameCertificate() {
        ServerTls tls = ServerTls.pem(certPem, keyPem);
        assertThat(tls.fingerprint()).isEqualTo(Trust.fingerprint(certificate));
        try (ServiceNode node = node(tls);
             LockstepClient c = LockstepClient.connect(node.uri(), TOKEN, new Trust.CaFile(certPem))) {
            assertThat(services(c)).isPositive();
        }
    }

    @Test
    void aKeyInTheWrongFormatIsNamedWithTheFix() throws Exception {
        Path rsa = dir.resolve("old.key");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerTls.pem(certPem, rsa)).hasMessageContaining("PKCS#8")
                .hasMessageContaining("openssl pkcs8");
    }

    @Test
    void plainHttpOffLoopbackIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> ServiceNode.builder().bind("0.0.0.0", 0).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--tls-cert").hasMessageContaining("--insecure-http");
    }
}
