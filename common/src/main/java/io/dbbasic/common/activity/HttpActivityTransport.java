package io.dbbasic.common.activity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** Posts a batch as a JSON array. Short timeouts: the sender thread must not hang on a stuck monitor. */
final class HttpActivityTransport implements ActivityTransport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    private final URI endpoint;
    private final Supplier<String> authorization;
    private final ObjectMapper json = Json.newMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)   // no h2c upgrade dance on every connection
            .connectTimeout(CONNECT_TIMEOUT)
            .build();

    /** {@code authorization}: the {@code Authorization} header (the service token; the monitor needs an account). */
    HttpActivityTransport(URI endpoint, Supplier<String> authorization) {
        this.endpoint = endpoint;
        this.authorization = authorization;
    }

    @Override
    public void send(List<Activity> batch) throws IOException {
        var request = HttpRequest.newBuilder(endpoint)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization.get())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(batch)))
                .build();
        try {
            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new IOException("the monitor answered " + response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while posting activity");
        }
    }

    @Override
    public String toString() {
        return "POST " + endpoint;
    }
}
