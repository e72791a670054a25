package io.dbbasic.crud.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of the crud-engine's /ws for tests (JDK WebSocket; io.dbbasic.testing.WsClient has no binary frames,
 * abort or close notices, which these tests need): every text message lands, parsed, in a queue that {@link #next()}
 * waits on (5 s, never a sleep). Closing frames land there too, as {@code {"closed":code,"reason":…}}.
 */
final class RealtimeClient implements AutoCloseable {
    private static final ObjectMapper JSON = Json.newMapper();
    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private RealtimeClient(URI uri) throws Exception {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new Listener()).get(5, TimeUnit.SECONDS);
    }

    static RealtimeClient connect(int port) throws Exception {
        return new RealtimeClient(URI.create("ws://localhost:" + port + "/ws"));
    }

    RealtimeClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    RealtimeClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next message; fails the test if none arrives within 5 s. */
    JsonNode next() throws InterruptedException {
        var message = received.poll(5, TimeUnit.SECONDS);
        assertThat(message).as("a message within 5 s").isNotNull();
        return message;
    }

    /** The next message, which must be of {@code type}. */
    JsonNode next(String type) throws InterruptedException {
        var message = next();
        assertThat(message.path("type").asText()).as("type of " + message).isEqualTo(type);
        return message;
    }

    /** Subscribes and returns the acknowledgement. */
    JsonNode subscribe(String json) throws InterruptedException {
        send(json);
        return next("subscribed");
    }

    /** Drops the connection without a closing handshake, as a crashed client or a lost network would. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    received.add(JSON.createObjectNode().put("unparsable", partial.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            received.add(JSON.createObjectNode().put("closed", statusCode).put("reason", reason));
            return CompletableFuture.completedFuture(null);
        }
    }
}
