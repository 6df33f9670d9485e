package io.lockstep.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.api.error.ErrorDetail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * One connection to a Lockstep service, embedded or remote alike: the token, the microversion and the
 * status the operator saw ride on every request. Thread-safe; close it to release connections.
 */
public final class LockstepClient implements AutoCloseable {

    public static final String MICROVERSION = "2.60";
    public static final String EXPECTED_STATUS_HEADER = "X-Lockstep-Expected-Status";

    private final URI baseUri;
    private final Endpoints endpoints;
    private final String token;
    private final OkHttpClient http;
    private final ObjectMapper mapper;
    private final ManilaApi manila;
    private final LockstepApi lockstep;

    private LockstepClient(Endpoints endpoints, String token, OkHttpClient http) {
        this.endpoints = endpoints;
        this.baseUri = endpoints.all().get(0);
        URI baseUri = this.baseUri;
        this.token = token;
        this.http = http;
        this.mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Retrofit retrofit = new Retrofit.Builder()
                .baseUrl(baseUri.toString().endsWith("/") ? baseUri.toString() : baseUri + "/")
                .client(http)
                .addConverterFactory(JacksonConverterFactory.create(mapper))
                .build();
        this.manila = retrofit.create(ManilaApi.class);
        this.lockstep = retrofit.create(LockstepApi.class);
    }

    public static LockstepClient connect(URI baseUri, String token) {
        return connect(baseUri, token, Trust.system());
    }

    /** Connects over HTTP, or HTTPS accepting the server certificates {@code trust} allows. */
    public static LockstepClient connect(URI baseUri, String token, Trust trust) {
        return connect(List.of(baseUri), token, trust);
    }

    /**
     * Connects to a cluster through any of {@code endpoints}: requests go to the current one and move
     * to the next when it cannot be reached; the event stream resumes there from its last id.
     */
    public static LockstepClient connect(List<URI> endpoints, String token, Trust trust) {
        Endpoints nodes = new Endpoints(endpoints);
        OkHttpClient http = trust.applyTo(new OkHttpClient.Builder())
                .addInterceptor(nodes)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(30))
                .addInterceptor(chain -> {
                    Request.Builder r = chain.request().newBuilder()
                            .header("X-Auth-Token", token)
                            .header("Accept", "application/json");
                    if (chain.request().header("X-OpenStack-Manila-API-Version") == null) {
                        r.header("X-OpenStack-Manila-API-Version", MICROVERSION);
                    }
                    return chain.proceed(r.build());
                })
                .build();
        return new LockstepClient(nodes, token, http);
    }

    public ManilaApi manila() {
        return manila;
    }

    public LockstepApi lockstep() {
        return lockstep;
    }

    /** The endpoint in use now (the first one given, until it fails). */
    public URI baseUri() {
        return endpoints.current();
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** A client whose requests also carry the status the operator saw, for one guarded action. */
    public LockstepClient expecting(String seenStatus) {
        OkHttpClient guarded = http.newBuilder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .header(EXPECTED_STATUS_HEADER, seenStatus).build())).build();
        return new LockstepClient(endpoints, token, guarded);
    }

    /** Subscribes to the event stream, resuming after {@code afterId}. */
    public EventStream events(long afterId, EventStream.Listener listener) {
        return EventStream.open(http, endpoints, afterId, mapper, listener);
    }

    /**
     * Executes a call and returns its body.
     *
     * @throws ApiException for any non-2xx answer, with the server's error detail
     */
    public <T> T call(Call<T> call) {
        try {
            Response<T> response = call.execute();
            if (response.isSuccessful()) {
                return response.body();
            }
            throw new ApiException(response.code(), errorDetail(response));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ErrorDetail errorDetail(Response<?> response) throws IOException {
        try (var body = response.errorBody()) {
            if (body == null) {
                return null;
            }
            JsonNode node = mapper.readTree(body.string());
            Iterator<JsonNode> values = node == null ? null : node.elements();
            if (values == null || !values.hasNext()) {
                return null;
            }
            return mapper.treeToValue(values.next(), ErrorDetail.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return ErrorDetail.of(response.code(), response.message());
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
