package io.dbbasic.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.testing.Logins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client for tests (the JDK's), collecting each text message as JSON in a queue. It reads
 * as fast as messages come unless {@link #paused} (then it reads nothing, like a slow client, until
 * {@link #resume}).
 */
final class WsProbe implements AutoCloseable {
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final AtomicLong requested = new AtomicLong();
    private volatile boolean paused;

    private WsProbe(URI uri, String authorization, boolean paused) {
        this.paused = paused;
        var listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                if (!WsProbe.this.paused) {
                    webSocket.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    var text = partial.toString();
                    partial.setLength(0);
                    try {
                        messages.add(EventStore.JSON.readTree(text));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                if (!WsProbe.this.paused) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete("error " + error);
            }
        };
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", authorization).buildAsync(uri, listener).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static WsProbe connect(EventStore store, String query) {
        return new WsProbe(URI.create("ws://localhost:" + store.app.port() + "/subscribe" + query), Logins.admin(store.dataDir), false);
    }

    static WsProbe connectPaused(EventStore store, String query) {
        return new WsProbe(URI.create("ws://localhost:" + store.app.port() + "/subscribe" + query), Logins.admin(store.dataDir), true);
    }

    /** The next message, or fails after 5 s. */
    JsonNode next() throws InterruptedException {
        var message = messages.poll(5, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message within 5 s");
        }
        return message;
    }

    /** The next {@code n} messages' positions. */
    List<Long> positions(int n) throws InterruptedException {
        var out = new ArrayList<Long>(n);
        for (int i = 0; i < n; i++) {
            out.add(next().get("position").asLong());
        }
        return out;
    }

    /** A message that is already here (none expected): null when there is none. */
    JsonNode poll() {
        return messages.poll();
    }

    void resume() {
        paused = false;
        socket.request(Long.MAX_VALUE / 2);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
