package io.dbbasic.crud.ui.detail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A record's history from the event store ({@code GET /api/audit/{resource}/{id}}, CONTRACT §8). The detail
 * page must not hang on it: a store that is down or slow gives {@link History.Unavailable} within a second or two.
 */
public final class AuditHistory {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The versions as the store sent them, or why there are none to show. */
    public sealed interface History permits History.Versions, History.Unavailable {
        record Versions(JsonNode versions) implements History {}

        record Unavailable(String reason) implements History {}
    }

    private final URI store;
    private final ObjectMapper json;
    private final Supplier<Optional<String>> authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** {@code authorization}: the header value to send (a service token once the store needs one), empty for none. */
    public AuditHistory(URI store, ObjectMapper json, Supplier<Optional<String>> authorization) {
        this.store = URI.create(store.toString().replaceAll("/+$", ""));
        this.json = json;
        this.authorization = authorization;
    }

    public History of(String resource, long id) {
        var uri = URI.create(store + "/api/audit/" + URLEncoder.encode(resource, StandardCharsets.UTF_8) + "/" + id);
        var request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET();
        authorization.get().ifPresent(value -> request.header("Authorization", value));
        try {
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return new History.Versions(json.createArrayNode());
            }
            if (response.statusCode() != 200) {
                return new History.Unavailable("the event store answered " + response.statusCode());
            }
            return new History.Versions(json.readTree(response.body()).path("versions"));
        } catch (IOException e) {
            return new History.Unavailable("the event store cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new History.Unavailable("interrupted");
        }
    }
}
