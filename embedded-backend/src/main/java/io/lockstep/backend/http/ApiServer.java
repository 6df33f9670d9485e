package io.lockstep.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.lockstep.api.Link;
import io.lockstep.api.auth.Session;
import io.lockstep.api.error.ErrorDetail;
import io.lockstep.api.version.ApiVersionInfo;
import io.lockstep.api.version.ApiVersions;
import io.lockstep.backend.auth.TokenStore;
import io.lockstep.backend.coordination.LockTimeoutException;
import io.lockstep.backend.request.Forbidden;
import io.lockstep.backend.request.InvalidRequest;
import io.lockstep.backend.request.ResourceNotFound;
import io.lockstep.backend.request.TransitionConflict;
import io.lockstep.backend.statemachine.ResourceMachines;
import io.lockstep.backend.tls.ServerTls;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: authentication, microversions, Manila's error bodies, and the routes each feature
 * registers. Every failure becomes a JSON error with a message; nothing reaches the client as a
 * stack trace. Thread-safe after {@link #start}.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String HANDLED = "lockstep.error-rendered";

    private final Javalin app;
    private final ObjectMapper mapper;
    private final TokenStore tokens;
    private final String serverVersion;
    private final ServerTls tls;
    private volatile String node = "";
    private final List<Route> declared = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A route the server serves, as declared ({@code /v2/{project_id}/shares/{share_id}}). */
    public record Route(String method, String path) {
    }
    private volatile String host;
    private volatile int requestedPort;

    public ApiServer(ObjectMapper mapper, TokenStore tokens, String serverVersion, Consumer<Javalin> routes) {
        this(mapper, tokens, serverVersion, null, routes);
    }

    /** @param tls the server's identity for HTTPS, or null for plain HTTP */
    public ApiServer(ObjectMapper mapper, TokenStore tokens, String serverVersion, ServerTls tls,
                     Consumer<Javalin> routes) {
        this.mapper = mapper;
        this.tokens = tokens;
        this.serverVersion = serverVersion;
        this.tls = tls;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            if (tls != null) {
                // Javalin adds no plain connector of its own once one is configured
                config.jetty.addConnector((server, http) -> httpsConnector(server, http, tls));
            }
            config.http.maxRequestSize = 1024 * 1024; // Bodies enforces the real, smaller limit with a clear error
            config.useVirtualThreads = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler(mapper)));
            config.events(e -> e.handlerAdded(h -> {
                String method = h.getHttpMethod().name();
                if (List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    declared.add(new Route(method, h.getPath()));
                }
            }));
        });
        app.before(this::readBody);
        app.before(this::authenticate);
        app.before(this::checkBody);
        app.get("/", ctx -> render(ctx, 300, versions(ctx)));
        app.get("/v2", ctx -> render(ctx, 200, new ApiVersions(List.of(v2(ctx)))));
        app.get("/lockstep/v1/state-machines", ctx -> {
            Requests.caller(ctx);
            render(ctx, 200, ResourceMachines.describeAll());
        });
        app.get("/lockstep/v1/session", ctx -> {
            TokenStore.Token t = Requests.token(ctx);
            render(ctx, 200, new Session(t.role(), t.projectId(), serverVersion, Microversion.MIN.toString(),
                    Microversion.MAX.toString(), node));
        });
        routes.accept(app);
        registerErrors();
    }

    /** Every route served, in the order declared: for the fuzz test and the docs. */
    public List<Route> routes() {
        return List.copyOf(declared);
    }

    public ManilaRouter manila() {
        return new ManilaRouter(app);
    }

    /** Adds routes after construction (before {@link #start}): for features wired once stores exist. */
    public void configure(Consumer<Javalin> routes) {
        routes.accept(app);
    }

    public ApiServer start(String host, int port) {
        this.host = host;
        this.requestedPort = port;
        if (tls != null) {
            app.start();
        } else {
            app.start(host, port);
        }
        return this;
    }

    /** The node's id, as {@code /lockstep/v1/session} reports it (which node answered). */
    public void node(String id) {
        this.node = id;
    }

    /** {@code https} when a TLS identity was given, else {@code http}. */
    public String scheme() {
        return tls == null ? "http" : "https";
    }

    private ServerConnector httpsConnector(Server server, HttpConfiguration http, ServerTls identity) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(identity.keyStore());
        ssl.setKeyStorePassword(new String(identity.password()));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // TLS 1.2 with forward-secret AEAD suites only (TLS 1.3's suites are all AEAD): no CBC, no RSA key exchange.
        ssl.setIncludeCipherSuites("TLS_AES_.*", "TLS_CHACHA20_.*", "TLS_ECDHE_.*_WITH_AES_.*_GCM_.*",
                "TLS_ECDHE_.*_WITH_CHACHA20_POLY1305_.*", "TLS_DHE_RSA_WITH_AES_.*_GCM_.*");
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach nodes by address as often as by name
        https.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        c.setHost(host);
        c.setPort(requestedPort);
        return c;
    }

    public int port() {
        return app.port();
    }

    /** Writes a JSON body; the one place responses are serialised. */
    public void render(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    private static final java.util.Set<String> WRITES = java.util.Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String BODY_TOO_LARGE = "lockstep.body-too-large";

    /**
     * Reads a write's body once, at most {@link Bodies#MAX_BYTES} (however it is sent, chunked
     * included), before anything can refuse the request: the audit records what was sent either way.
     */
    private void readBody(Context ctx) throws java.io.IOException {
        String requestId = "req-" + UUID.randomUUID();
        ctx.header(Requests.REQUEST_ID_HEADER, requestId);
        ctx.header("X-Compute-Request-Id", requestId); // the legacy name older clients log
        if (!WRITES.contains(ctx.method().name())) {
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > Bodies.MAX_BYTES) {
            ctx.attribute(BODY_TOO_LARGE, declared);
            return;
        }
        byte[] body = ctx.req().getInputStream().readNBytes(Bodies.MAX_BYTES + 1);
        if (body.length > Bodies.MAX_BYTES) {
            ctx.attribute(BODY_TOO_LARGE, -1L);
            ctx.attribute(Requests.BODY_ATTR, java.util.Arrays.copyOf(body, Bodies.MAX_BYTES));
            return;
        }
        ctx.attribute(Requests.BODY_ATTR, body);
    }

    private void authenticate(Context ctx) {
        String path = ctx.path();
        if (path.equals("/") || path.equals("/v2") || path.equals("/v2/")) {
            return; // the version documents are public, as in Manila
        }
        TokenStore.Token token = tokens.lookup(ctx.header("X-Auth-Token"))
                .orElseThrow(() -> new ApiError(401, ctx.header("X-Auth-Token") == null
                        ? "Authentication required: send a token in the X-Auth-Token header."
                        : "The X-Auth-Token is not valid."));
        ctx.attribute(Requests.TOKEN_ATTR, token);
        if (path.startsWith("/v2/")) {
            // after the token: nobody learns anything, nor costs the node anything, without one
            Microversion v = Microversion.negotiate(ctx.header(Microversion.HEADER));
            ctx.attribute(Requests.VERSION_ATTR, v);
            ctx.header(Microversion.HEADER, v.toString());
            ctx.header("Vary", Microversion.HEADER);
        }
    }

    /** 413 for a body over the limit; 415 for a body that is not declared JSON. */
    private void checkBody(Context ctx) {
        Long tooLarge = ctx.attribute(BODY_TOO_LARGE);
        if (tooLarge != null) {
            throw new ApiError(413, "The request body is " + (tooLarge > 0 ? tooLarge + " bytes" : "over the limit")
                    + "; the limit is " + Bodies.MAX_BYTES + " bytes.");
        }
        if (Requests.body(ctx).length == 0) {
            return;
        }
        String type = ctx.req().getContentType();
        if (type != null && !type.isBlank()) {
            String media = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (!media.equals("application/json") && !media.endsWith("+json")) {
                String shown = media.length() > 60 ? media.substring(0, 60) + "..." : media;
                throw new ApiError(new ErrorDetail(415, "Unsupported Content-Type '" + shown + "': send the body as "
                        + "application/json.", null, null, null, null, null, "Content-Type",
                        List.of("application/json")));
            }
        }
    }

    private void registerErrors() {
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e.detail()));
        app.exception(InvalidRequest.class, (e, ctx) -> error(ctx, new ErrorDetail(400, e.getMessage(), null, null,
                null, null, null, e.field(), e.allowed())));
        app.exception(io.lockstep.backend.request.OverQuota.class, (e, ctx) -> {
            ctx.header("Retry-After", "0"); // as Manila's quota errors say
            error(ctx, new ErrorDetail(413, e.getMessage(), null, null, null, null, null, e.resource(), null));
        });
        app.exception(Forbidden.class, (e, ctx) -> error(ctx, ErrorDetail.of(403, e.getMessage())));
        app.exception(ResourceNotFound.class, (e, ctx) -> error(ctx, ErrorDetail.of(404, e.getMessage())));
        app.exception(TransitionConflict.class, (e, ctx) -> error(ctx, new ErrorDetail(409, e.getMessage(),
                e.resourceType(), e.resourceId(), e.expected(), e.actual(), e.blockers().isEmpty() ? null : e.blockers(),
                null, null)));
        app.exception(LockTimeoutException.class, (e, ctx) -> error(ctx, ErrorDetail.of(503,
                "The resource is busy, try again: " + e.getMessage())));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, ErrorDetail.of(e.getStatus(),
                e.getMessage())));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, ErrorDetail.of(500, "The server failed to process the request; nothing was changed "
                    + "by the failing step. See the server log (request " + ctx.res().getHeader(Requests.REQUEST_ID_HEADER)
                    + ")."));
        });
        app.error(404, ctx -> {
            if (ctx.attribute(HANDLED) == null) {
                error(ctx, ErrorDetail.of(404, "No such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
        app.error(405, ctx -> {
            if (ctx.attribute(HANDLED) == null) {
                error(ctx, ErrorDetail.of(405, "Method " + ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
    }

    private void error(Context ctx, ErrorDetail detail) {
        ctx.attribute(HANDLED, true);
        ctx.attribute(Requests.ERROR_MESSAGE_ATTR, detail.message());
        render(ctx, detail.code(), Map.of(ErrorDetail.faultName(detail.code()), detail));
    }

    private ApiVersions versions(Context ctx) {
        String base = ManilaRouter.base(ctx);
        ApiVersionInfo v1 = new ApiVersionInfo("v1.0", "DEPRECATED", "", "", "2015-08-27T11:33:21Z",
                List.of(new Link(base + "/v1/", "self")), mediaTypes("1"));
        return new ApiVersions(List.of(v1, v2(ctx)));
    }

    private static ApiVersionInfo v2(Context ctx) {
        String base = ManilaRouter.base(ctx);
        return new ApiVersionInfo("v2.0", "CURRENT", Microversion.MAX.toString(), Microversion.MIN.toString(),
                "2015-08-27T11:33:21Z", List.of(new Link(base + "/v2/", "self"),
                new Link("https://docs.openstack.org/", "describedby")), mediaTypes("2"));
    }

    private static List<Map<String, String>> mediaTypes(String major) {
        return List.of(Map.of("base", "application/json",
                "type", "application/vnd.openstack.share+json;version=" + major));
    }

    @Override
    public void close() {
        app.stop();
    }
}
