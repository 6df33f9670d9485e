package io.lockstep.backend.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's TLS identity, from a PKCS12 keystore or from PEM files (a certificate chain and a
 * PKCS#8 private key), as one in-memory keystore for Jetty. Immutable.
 */
public final class ServerTls {

    static final char[] IN_MEMORY_PASSWORD = "lockstep".toCharArray();
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;

    private ServerTls(KeyStore keyStore, char[] password, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = certificate;
    }

    /** A PKCS12 file and its password. */
    public static ServerTls pkcs12(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String alias = null;
            for (String a : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    alias = a;
                    break;
                }
            }
            if (alias == null) {
                throw new IllegalArgumentException(file + " holds no private key entry");
            }
            return new ServerTls(ks, password, (X509Certificate) ks.getCertificate(alias));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the keystore " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the keystore " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** PEM files: the certificate (then any intermediates) and the PKCS#8 private key ("BEGIN PRIVATE KEY"). */
    public static ServerTls pem(Path certificates, Path privateKey) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(Files.newInputStream(certificates));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(certificates + " holds no certificate");
            }
            String keyText = Files.readString(privateKey, StandardCharsets.US_ASCII);
            Matcher m = PEM.matcher(keyText);
            if (!m.find() || !m.group(1).equals("PRIVATE KEY")) {
                throw new IllegalArgumentException(privateKey + " must hold a PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                        + " convert one with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            X509Certificate leaf = (X509Certificate) chain.iterator().next();
            PrivateKey key = KeyFactory.getInstance(leaf.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("lockstep", key, IN_MEMORY_PASSWORD, new ArrayList<>(chain).toArray(Certificate[]::new));
            return new ServerTls(ks, IN_MEMORY_PASSWORD, leaf);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate or key cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a certificate that has expired or is not valid yet, and a key too weak to trust (RSA under
     * 2048 bits, EC under 256). {@code serve} and {@code serve --check} both apply it.
     */
    public void checkPolicy(java.time.Instant now) {
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new IllegalArgumentException("the TLS certificate " + certificate.getSubjectX500Principal().getName()
                    + " expired on " + certificate.getNotAfter().toInstant() + "; renew it");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new IllegalArgumentException("the TLS certificate is not valid before "
                    + certificate.getNotBefore().toInstant() + " (is this machine's clock right?)");
        }
        var key = certificate.getPublicKey();
        if (key instanceof java.security.interfaces.RSAKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new IllegalArgumentException("the TLS key is RSA " + rsa.getModulus().bitLength()
                    + " bits; at least 2048 are required");
        }
        if (key instanceof java.security.interfaces.ECKey ec && ec.getParams().getOrder().bitLength() < 256) {
            throw new IllegalArgumentException("the TLS key is EC " + ec.getParams().getOrder().bitLength()
                    + " bits; at least 256 are required");
        }
    }

    /** {@code RSA 2048 bits}, {@code EC 256 bits}: for the check's report. */
    public String keyDescription() {
        var key = certificate.getPublicKey();
        int bits = key instanceof java.security.interfaces.RSAKey rsa ? rsa.getModulus().bitLength()
                : key instanceof java.security.interfaces.ECKey ec ? ec.getParams().getOrder().bitLength() : 0;
        return key.getAlgorithm() + (bits > 0 ? " " + bits + " bits" : "");
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    public char[] password() {
        return password.clone();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the certificate, {@code AB:CD:...}: what a client pinning on first use shows. */
    public String fingerprint() {
        return fingerprint(certificate);
    }

    public static String fingerprint(X509Certificate c) {
        return io.lockstep.api.tls.Fingerprint.of(c);
    }
}
