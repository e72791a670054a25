package io.dbbasic.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests over the network with the JDK client, for tests of running processes. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /** The response to a GET of {@code uri}; fails the test when nothing answers. */
    public static HttpResponse<String> get(URI uri) {
        try {
            return send(uri);
        } catch (IOException e) {
            throw new AssertionError("no answer from " + uri + ": " + e, e);
        }
    }

    /** As {@link #get(URI)} with an {@code Authorization} header ({@code Bearer …}). */
    public static HttpResponse<String> get(URI uri, String authorization) {
        return send("GET", uri, null, authorization);
    }

    /** The response to a POST of a JSON body to {@code uri}; fails the test when nothing answers. */
    public static HttpResponse<String> post(URI uri, String json) {
        return send("POST", uri, json);
    }

    /** The response to a request with a JSON body (POST, PATCH, PUT); fails the test when nothing answers. */
    public static HttpResponse<String> send(String method, URI uri, String json) {
        return send(method, uri, json, null);
    }

    /** As above, with an {@code Authorization} header unless it is null, and no body when {@code json} is null. */
    public static HttpResponse<String> send(String method, URI uri, String json, String authorization) {
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        var request = builder.build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer to " + method + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + uri, e);
        }
    }

    /** True when a GET of {@code uri} answers 200. */
    public static boolean answersOk(URI uri) {
        try {
            return send(uri).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> send(URI uri) throws IOException {
        try {
            return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + uri, e);
        }
    }
}
