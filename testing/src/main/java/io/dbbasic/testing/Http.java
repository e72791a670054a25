package io.dbbasic.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP GETs over the network with the JDK client, for tests of running processes. */
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
