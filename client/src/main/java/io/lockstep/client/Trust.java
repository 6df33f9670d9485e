package io.lockstep.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * Which server certificates a client accepts over HTTPS: the system's CAs, the CAs of one PEM file,
 * or exactly one certificate by its SHA-256 fingerprint (trust on first use, after the operator has
 * compared it). Immutable.
 */
public sealed interface Trust {

    /** The JDK's default CAs, with host name verification. */
    record SystemCas() implements Trust {
    }

    /** The certificates of a PEM file as the only CAs, with host name verification. */
    record CaFile(Path pem) implements Trust {
    }

    /** Exactly the certificate with this SHA-256 fingerprint ({@code AB:CD:...}); the host name is not checked. */
    record Pinned(String sha256) implements Trust {
        public Pinned {
            sha256 = normalise(sha256);
        }
    }

    static Trust system() {
        return new SystemCas();
    }

    /** SHA-256 of a certificate, {@code AB:CD:...}. */
    static String fingerprint(X509Certificate c) {
        return io.lockstep.api.tls.Fingerprint.of(c);
    }

    private static String normalise(String fp) {
        String hex = fp.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits (pairs may be separated by "
                    + "':'), got '" + fp + "'");
        }
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    /**
     * The certificate an https:// endpoint presents, fetched without trusting it, so an operator can
     * compare its fingerprint before pinning it (trust on first use).
     */
    static X509Certificate peek(java.net.URI endpoint) {
        if (!"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException(endpoint + " is not https://");
        }
        X509Certificate[][] seen = new X509Certificate[1][];
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain;
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {recorder}, null);
            int port = endpoint.getPort() > 0 ? endpoint.getPort() : 443;
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
                    .createSocket()) {
                socket.connect(new java.net.InetSocketAddress(endpoint.getHost(), port), 5000);
                socket.setSoTimeout(5000);
                socket.startHandshake();
            }
        } catch (IOException | GeneralSecurityException e) {
            if (seen[0] == null) {
                throw new IllegalStateException("cannot reach " + endpoint + ": " + e.getMessage(), e);
            }
        }
        if (seen[0] == null || seen[0].length == 0) {
            throw new IllegalStateException(endpoint + " presented no certificate");
        }
        return seen[0][0];
    }

    /** Applies this trust to an OkHttp builder. */
    default OkHttpClient.Builder applyTo(OkHttpClient.Builder b) {
        if (this instanceof SystemCas) {
            return b;
        }
        try {
            X509TrustManager tm;
            if (this instanceof CaFile f) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(f.pem())) {
                    int i = 0;
                    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca-" + i++, c);
                    }
                    if (i == 0) {
                        throw new IllegalArgumentException(f.pem() + " holds no certificate");
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                tm = (X509TrustManager) tmf.getTrustManagers()[0];
            } else {
                String want = ((Pinned) this).sha256();
                tm = new PinnedTrustManager(want);
                b.hostnameVerifier((host, session) -> true); // the pin is the identity, not the name
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return b.sslSocketFactory(ctx.getSocketFactory(), tm);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** Accepts only the leaf certificate with the pinned fingerprint. */
    final class PinnedTrustManager implements X509TrustManager {
        private final String sha256;

        PinnedTrustManager(String sha256) {
            this.sha256 = sha256;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            String got = chain.length == 0 ? "(none)" : fingerprint(chain[0]);
            if (!got.equals(sha256)) {
                throw new CertificateException("the server's certificate " + got + " is not the pinned " + sha256);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
