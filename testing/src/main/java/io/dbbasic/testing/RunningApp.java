package io.dbbasic.testing;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Javalin app started on a free port for one test, talked to over real HTTP with the JDK client.
 * Use in try-with-resources: closing stops the server. {@link #withHeader} gives a view that sends a
 * header on every request that does not set it itself (an {@code Authorization}, typically).
 */
public final class RunningApp implements AutoCloseable {
    private final Javalin app;
    private final Map<String, String> defaultHeaders;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningApp(Javalin app, Map<String, String> defaultHeaders) {
        this.app = app;
        this.defaultHeaders = Map.copyOf(defaultHeaders);
    }

    public static RunningApp start(Javalin app) {
        return start(app, 0);
    }

    /** Starts on a given port: a dependency that a test stops and starts again where its clients expect it. */
    public static RunningApp start(Javalin app, int port) {
        return new RunningApp(app.start(port), Map.of());
    }

    /** The same app, with {@code name: value} added to every request that lacks that header. */
    public RunningApp withHeader(String name, String value) {
        var headers = new HashMap<>(defaultHeaders);
        headers.put(name, value);
        return new RunningApp(app, headers);
    }

    /** The same app, without default headers (an anonymous client, say). */
    public RunningApp withoutDefaultHeaders() {
        return new RunningApp(app, Map.of());
    }

    public int port() {
        return app.port();
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port() + path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A request with an optional JSON body ({@code null} for none) and header name/value pairs. */
    public HttpResponse<String> request(String method, String path, String json, String... headers) {
        var builder = HttpRequest.newBuilder(uri(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        for (var i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return send(builder);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(withDefaults(request.timeout(Duration.ofSeconds(30)).build()), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest withDefaults(HttpRequest request) {
        var missing = defaultHeaders.entrySet().stream().filter(h -> request.headers().firstValue(h.getKey()).isEmpty()).toList();
        if (missing.isEmpty()) {
            return request;
        }
        var builder = HttpRequest.newBuilder(request, (name, value) -> true);
        missing.forEach(h -> builder.header(h.getKey(), h.getValue()));
        return builder.build();
    }

    @Override
    public void close() {
        app.stop();
    }
}
