package io.dbbasic.common.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Calls hooks on the AI service builder: {@code POST {builder}/api/services/{name}/invoke} (CONTRACT §6)
 * with a timeout, and maps every way that can end to a {@link HookOutcome}. Thread-safe; one instance
 * per crud-engine. It never throws for a hook's or the builder's failure: the caller decides by outcome.
 */
public final class HookClient {
    private final URI builder;
    private final Duration timeout;
    private final ObjectMapper json;
    private final Supplier<String> authorization;
    private final HttpClient http;

    /**
     * {@code builder} like {@code http://localhost:8003}. The timeout bounds the whole call, connect included.
     * {@code authorization}: the {@code Authorization} header of each call (the caller's service token).
     */
    public HookClient(URI builder, Duration timeout, ObjectMapper json, Supplier<String> authorization) {
        this.builder = URI.create(builder.toString().replaceAll("/+$", "") + "/");
        this.timeout = timeout;
        this.json = json;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public HookOutcome invoke(String name, HookCall call) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(call.body());
        } catch (IOException e) {
            return new HookOutcome.Failed(name, 0, "the record cannot be written as JSON: " + e.getMessage());
        }
        var uri = builder.resolve("api/services/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/invoke");
        var request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Authorization", authorization.get())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return new HookOutcome.Unreachable(name, "connecting timed out after " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new HookOutcome.TimedOut(name, timeout);
        } catch (ConnectException e) {
            return new HookOutcome.Unreachable(name, "connection refused at " + builder);
        } catch (IOException e) {
            return new HookOutcome.Unreachable(name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HookOutcome.Unreachable(name, "interrupted");
        }
        return outcome(name, response.statusCode(), response.body());
    }

    private HookOutcome outcome(String name, int status, byte[] body) {
        JsonNode reply;
        try {
            reply = json.readTree(body);
        } catch (IOException e) {
            reply = null;
        }
        if (status == 404) {
            return new HookOutcome.Missing(name);
        }
        if (status != 200 || reply == null || !reply.isObject()) {
            var detail = reply != null && reply.hasNonNull("detail") ? reply.get("detail").asText()
                    : "HTTP " + status + (reply == null ? " with an unreadable body" : "");
            return new HookOutcome.Failed(name, status, detail);
        }
        var action = reply.path("action").asText();
        if (action.equals("continue") && reply.path("record").isObject()) {
            return new HookOutcome.Continue(json.convertValue(reply.get("record"), MAP));
        }
        if (action.equals("reject")) {
            var errors = new LinkedHashMap<String, String>();
            reply.path("errors").properties().forEach(e -> errors.put(e.getKey(), e.getValue().asText()));
            var message = reply.path("message").asText("");
            return new HookOutcome.Reject(message.isBlank() ? "rejected by the hook " + name : message, errors);
        }
        return new HookOutcome.Failed(name, status, "the reply has no usable action: " + reply);
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {};
}
