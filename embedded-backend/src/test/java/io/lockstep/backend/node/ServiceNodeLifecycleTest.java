package io.lockstep.backend.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A node's lifecycle: started once, then closed or killed once; components go in reverse. */
class ServiceNodeLifecycleTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void closeIsIdempotentAndStopsTheApiBeforeTheDatabase() throws Exception {
        ServiceNode node = ServiceNode.builder().start();
        assertThat(node.state()).isEqualTo(ServiceNode.State.STARTED);
        var uri = node.uri();
        assertThat(get(uri.resolve("/")).statusCode()).isEqualTo(300);
        node.close();
        assertThat(node.state()).isEqualTo(ServiceNode.State.CLOSED);
        assertThatThrownBy(() -> get(uri.resolve("/"))).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> node.database().jdbi().withHandle(h -> h.createQuery("SELECT 1")
                .mapTo(Integer.class).one())).as("the database is closed too, after the API").isNotNull();
        node.close();
        node.kill();
        assertThat(node.state()).as("a closed node is not killed afterwards").isEqualTo(ServiceNode.State.CLOSED);
    }

    @Test
    void killIsIdempotentAndFinal() throws Exception {
        ServiceNode node = ServiceNode.builder().start();
        node.kill();
        node.kill();
        node.close();
        assertThat(node.state()).isEqualTo(ServiceNode.State.KILLED);
        assertThatThrownBy(() -> get(node.uri().resolve("/"))).isInstanceOf(ConnectException.class);
    }

    @Test
    void aNodeThatCannotStartLeavesNothingRunning() {
        ServiceNode first = ServiceNode.builder().start();
        try {
            long readers = streamReaders();
            int port = first.uri().getPort();
            assertThatThrownBy(() -> ServiceNode.builder().bind("127.0.0.1", port).start())
                    .isInstanceOf(RuntimeException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> streamReaders() == readers);
        } finally {
            first.close();
        }
    }

    /** Live event-stream readers in this JVM: a node that failed to start must not leave its own behind. */
    private static long streamReaders() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("lockstep-events")).count();
    }

    private HttpResponse<String> get(java.net.URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
