package io.dbbasic.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A WebSocket client for tests (JDK {@link WebSocket}): every text message lands in a queue, and
 * {@link #await} takes messages until one matches, waiting on the queue (never sleeping). Close it
 * (try-with-resources) to end the connection.
 */
public final class WsClient implements AutoCloseable {
    private static final Duration POLL = Duration.ofSeconds(5);

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WsClient(URI uri, String... headers) {
        try {
            var builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(POLL);
            for (var i = 0; i + 1 < headers.length; i += 2) {
                builder.header(headers[i], headers[i + 1]);
            }
            socket = builder.buildAsync(uri, new Collector()).get(POLL.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot open a WebSocket to " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while connecting to " + uri, e);
        }
    }

    /** Connects; {@code headers} are name/value pairs for the upgrade request ({@code "Authorization", "Bearer …"}). */
    public static WsClient connect(URI uri, String... headers) {
        return new WsClient(uri, headers);
    }

    /** The next message, waiting at most 5 s for it; fails the test when none comes. */
    public String next() {
        try {
            var message = messages.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no WebSocket message within " + POLL.toSeconds() + " s");
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a WebSocket message", e);
        }
    }

    /**
     * Takes messages until one passes {@code match} and returns it; fails after {@code timeout}, or when
     * no message at all arrives for 5 s, listing what did arrive (at most the last 20).
     */
    public String await(String what, Duration timeout, Predicate<String> match) {
        var deadline = System.nanoTime() + timeout.toNanos();
        var seen = new ArrayList<String>();
        while (System.nanoTime() - deadline < 0) {
            String message;
            try {
                var left = Math.min(POLL.toNanos(), deadline - System.nanoTime());
                message = messages.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            if (message == null) {
                continue;
            }
            if (match.test(message)) {
                return message;
            }
            seen.add(message);
            if (seen.size() > 20) {
                seen.remove(0);
            }
        }
        throw new AssertionError("no WebSocket message within " + timeout.toSeconds() + " s showing " + what
                + "; the last ones were:\n" + String.join("\n", seen));
    }

    /** Messages received and not yet taken. */
    public List<String> drain() {
        var list = new ArrayList<String>();
        messages.drainTo(list);
        return list;
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Joins fragments into whole messages; the JDK calls it on one thread at a time. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
