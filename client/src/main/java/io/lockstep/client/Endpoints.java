package io.lockstep.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The nodes one client may talk to, and which one it uses now. Every request goes to the current
 * endpoint; when it cannot be reached the next one becomes current. A read is retried there at once;
 * a write only when it never reached the failed node (connection refused), so nothing is sent twice.
 * Thread-safe.
 */
public final class Endpoints implements Interceptor {

    private final List<URI> all;
    private volatile int current;
    private final List<Consumer<URI>> listeners = new CopyOnWriteArrayList<>();

    public Endpoints(List<URI> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint");
        }
        this.all = List.copyOf(endpoints);
    }

    public List<URI> all() {
        return all;
    }

    public URI current() {
        return all.get(current);
    }

    /** Told the new endpoint whenever the client moves to another one. */
    public void onSwitch(Consumer<URI> listener) {
        listeners.add(listener);
    }

    /** {@code failed} could not be reached: move on from it, unless another request already did. */
    public synchronized void failed(URI failed) {
        if (all.size() > 1 && sameNode(current(), failed)) {
            current = (current + 1) % all.size();
            URI now = current();
            listeners.forEach(l -> l.accept(now));
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        IOException last = null;
        for (int tries = 0; tries < all.size(); tries++) {
            URI target = current();
            Request r = chain.request().newBuilder().url(rewrite(chain.request().url(), target)).build();
            try {
                return chain.proceed(r);
            } catch (IOException e) {
                last = e;
                failed(target);
                boolean neverArrived = e instanceof ConnectException || e instanceof UnknownHostException;
                if (!chain.request().method().equals("GET") && !neverArrived) {
                    throw e; // a write may have been done: the caller decides, knowing it may have been
                }
            }
        }
        throw last;
    }

    private static boolean sameNode(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equals(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
    }

    private static HttpUrl rewrite(HttpUrl url, URI target) {
        return url.newBuilder().scheme(target.getScheme()).host(target.getHost()).port(port(target)).build();
    }
}
