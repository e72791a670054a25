package io.dbbasic.common.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.ServiceId;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Appends to the event store over HTTP ({@code POST /streams/{stream}}, CONTRACT §8), for the
 * crud-engine's outbox relay and any other writer that must deliver events exactly once.
 *
 * <h2>The idempotency contract a relay can rely on</h2>
 * <ol>
 *   <li><b>The event id is the key.</b> Make it once, in the same transaction as the change it records
 *       (the outbox row), and send that id on every attempt. The store keeps every id for good: there is
 *       no de-duplication window.</li>
 *   <li><b>Re-sending is always safe.</b> If an attempt ends {@link AppendOutcome.Unreachable} (timeout,
 *       connection refused or reset, 5xx), the events may or may not have been committed. Send the same
 *       events again: the answer is {@link AppendOutcome.AlreadyAppended} with the original versions and
 *       positions if they were, {@link AppendOutcome.Appended} if not. They are never stored twice.</li>
 *   <li><b>A batch is atomic</b>: all its events were written (by this or an earlier attempt), or none.</li>
 *   <li><b>A retry may carry more than the first attempt.</b> If the events already stored are the start
 *       of the request, in the same order, and nothing else has been appended to the stream after them,
 *       only the rest is written, and the outcome is {@code Appended} covering the whole request. So a
 *       relay that re-reads its unsent rows after a crash may group them differently than before.</li>
 *   <li><b>A replay skips the version check</b> (the first attempt passed it). A new append is checked:
 *       {@link AppendOutcome.VersionConflict} then means the stream holds events this writer did not
 *       expect; retrying will not help (dead-letter it, with the conflict as the reason).</li>
 *   <li><b>An id belongs to one stream.</b> The same id sent to another stream, or stored ids in another
 *       order or not at the start of the request, is {@link AppendOutcome.Rejected} (409). Other 4xx
 *       answers are {@code Rejected} too: the request itself is wrong.</li>
 *   <li><b>Order</b> is the writer's to keep: send one stream's events in order, one request at a time,
 *       and the next only once the previous is delivered.</li>
 * </ol>
 *
 * <p>Thread-safe; one instance per target store. Calls block for at most the request timeout
 * (plus the connect timeout).
 */
public final class EventStoreClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,199}");

    private final URI base;
    private final Duration timeout;
    private final Supplier<Optional<String>> authorization;
    private final HttpClient http;
    private final ObjectMapper json = Json.newMapper();

    /**
     * @param base          the store's root, e.g. {@code http://localhost:8006}
     * @param timeout       how long one request may take before it counts as {@code Unreachable}
     * @param authorization the {@code Authorization} header to send (e.g. {@code Bearer <service token>}),
     *                      asked for on every request; empty while the store needs none
     */
    public EventStoreClient(URI base, Duration timeout, Supplier<Optional<String>> authorization) {
        var text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = timeout;
        this.authorization = authorization;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The store of this environment ({@code DBBASIC_EVENTS_PORT} on localhost), without credentials. */
    public static EventStoreClient forEnvironment(Environment env) {
        return new EventStoreClient(URI.create("http://localhost:" + env.port(ServiceId.EVENT_STORE)),
                DEFAULT_TIMEOUT, Optional::empty);
    }

    /** Appends {@code events} (at least one) to {@code stream} atomically. Never throws for an outcome of the store. */
    public AppendOutcome append(String stream, ExpectedVersion expected, List<NewEvent> events) {
        if (!STREAM.matcher(stream).matches()) {
            throw new IllegalArgumentException("not a stream name: " + stream);
        }
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        String body;
        try {
            body = json.writeValueAsString(wire(events));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an event cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        var uri = URI.create(base + "/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8)
                + "?expected_version=" + expected.wire());
        var request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        authorization.get().ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new AppendOutcome.Unreachable("no answer from " + base + " within " + timeout.toMillis() + " ms", Optional.empty(), false);
        } catch (IOException e) {
            return new AppendOutcome.Unreachable("cannot reach " + base + ": " + e, Optional.empty(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AppendOutcome.Unreachable("interrupted while appending to " + base, Optional.empty(), false);
        }
        return outcome(response);
    }

    private List<Map<String, Object>> wire(List<NewEvent> events) {
        var out = new ArrayList<Map<String, Object>>(events.size());
        for (var event : events) {
            var member = new LinkedHashMap<String, Object>();
            member.put("id", event.id().toString());
            member.put("type", event.type());
            member.put("data", event.data());
            if (event.metadata() != null) {
                member.put("metadata", event.metadata());
            }
            out.add(member);
        }
        return out;
    }

    private AppendOutcome outcome(HttpResponse<String> response) {
        var status = response.statusCode();
        var body = parse(response.body());
        if (status == 201 && body != null && body.hasNonNull("first_position")) {
            var result = new AppendOutcome.Result(body.path("stream").asText(), body.path("first_version").asLong(),
                    body.path("last_version").asLong(), body.path("first_position").asLong(), body.path("last_position").asLong());
            var replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equalsIgnoreCase).orElse(false);
            return replayed ? new AppendOutcome.AlreadyAppended(result) : new AppendOutcome.Appended(result);
        }
        var detail = body == null ? "" : body.path("detail").asText("");
        if (status == 409 && body != null && body.has("expected") && body.has("actual")) {
            return new AppendOutcome.VersionConflict(body.get("expected").asText(), body.get("actual").asText(), detail);
        }
        if (status >= 500 || status == 408 || status == 429 || status == 401 || status == 403) {
            var retryAfter = response.headers().firstValue("Retry-After").filter(v -> v.matches("[0-9]{1,6}"))
                    .map(v -> Duration.ofSeconds(Long.parseLong(v)));
            return new AppendOutcome.Unreachable("the event store answered " + status + (detail.isEmpty() ? "" : ": " + detail), retryAfter, true);
        }
        if (status >= 400) {
            return new AppendOutcome.Rejected(status, detail, response.body());
        }
        return new AppendOutcome.Unreachable("unexpected answer " + status + " from " + base, Optional.empty(), true);
    }

    private JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
