package io.lockstep.backend.node;

/** The one rule {@code serve} and {@code serve --check} both apply to plain HTTP. Stateless. */
public final class PlainHttp {

    private PlainHttp() {
    }

    /**
     * Plain HTTP only on loopback unless allowed: the one rule {@code serve} and {@code serve --check}
     * both apply.
     */
    public static void check(String host, boolean tls, boolean allowPlainHttp) {
        if (!tls && !allowPlainHttp && !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to serve plain HTTP on " + host + ": tokens would "
                    + "cross the network in clear. Give a certificate (--tls-cert and --tls-key, or "
                    + "--tls-keystore), bind 127.0.0.1, or allow it with --insecure-http");
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the address to bind, " + host, e);
        }
    }
}
