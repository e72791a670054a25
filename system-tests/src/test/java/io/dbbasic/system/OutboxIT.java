package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.Http;
import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox's promise (issue 4, "Done means"), on a stack of real processes started by {@code ./dbbasic}:
 * with the event store stopped, writes through the crud-engine succeed; once it is started again, every
 * change arrives within 10 s, exactly once, each stream in order.
 */
class OutboxIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final String PARCELS = """
            resource: parcels
            fields:
              id: {type: primary_key}
              label: {type: string, required: true}
            """;

    @TempDir
    Path temp;

    @Test
    void with_the_event_store_stopped_100_creates_succeed_and_arrive_exactly_once_within_10_s_of_its_start() throws IOException {
        Files.createDirectories(temp.resolve("app"));
        Files.writeString(temp.resolve("app/parcels.yaml"), PARCELS);
        try (var stack = Stack.in(temp, Map.of())) {
            stack.start();
            var admin = stack.adminAuthorization();
            // the first start's admin account is a change of app.duckdb too: relayed before the store stops
            Await.until("the first start's changes are relayed", Duration.ofSeconds(10), () -> pending(stack, admin) == 0);
            var stopped = stack.dbbasic("stop", "event-store");
            assertThat(stopped.exitCode()).as(stopped.toString()).isZero();

            var ids = new ArrayList<Long>();
            for (var i = 1; i <= 100; i++) {
                var created = Http.send("POST", stack.uri("crud-engine", "/api/parcels"), "{\"label\":\"p" + i + "\"}", admin);
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                ids.add(json(created.body()).get("id").asLong());
            }
            for (var id : ids.subList(0, 10)) {   // a second change for some streams, so that their order shows
                var updated = Http.send("PATCH", stack.uri("crud-engine", "/api/parcels/" + id), "{\"label\":\"relabelled " + id + "\"}", admin);
                assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
            }
            var health = json(Http.get(stack.uri("crud-engine", "/health")).body());
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            assertThat(health.get("problems").toString()).contains("110 changes of app.duckdb waiting");

            var restarted = stack.dbbasic("start", "-d", "event-store");
            assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
            Await.until("100 parcels.created events reach the store", Duration.ofSeconds(10),
                    () -> count(events(stack, admin), "parcels.created") >= 100);

            Await.until("the crud-engine's outbox is empty", Duration.ofSeconds(10), () -> pending(stack, admin) == 0);
            var events = events(stack, admin);
            assertThat(count(events, "parcels.created")).isEqualTo(100);
            assertThat(count(events, "parcels.updated")).isEqualTo(10);
            assertThat(new HashSet<>(events.stream().map(e -> e.get("id").asText()).toList())).as("no event twice").hasSize(110);
            var streams = new LinkedHashMap<String, List<JsonNode>>();
            events.forEach(e -> streams.computeIfAbsent(e.get("stream").asText(), s -> new ArrayList<>()).add(e));
            assertThat(streams).hasSize(100);
            streams.forEach((stream, inStream) -> {
                assertThat(inStream.get(0).get("type").asText()).as(stream).isEqualTo("parcels.created");
                for (var version = 0; version < inStream.size(); version++) {
                    assertThat(inStream.get(version).get("version").asLong()).as(stream).isEqualTo(version);
                }
            });
            assertThat(json(Http.get(stack.uri("crud-engine", "/health")).body()).get("status").asText()).isEqualTo("up");

            var audit = json(Http.get(stack.uri("event-store", "/api/audit/parcels/" + ids.get(0)), admin).body());
            var versions = audit.get("versions");
            assertThat(versions).hasSize(2);
            assertThat(versions.get(1).get("changes").get("label")).hasToString("[\"p1\",\"relabelled " + ids.get(0) + "\"]");
            assertThat(versions.get(1).has("user")).isTrue();
            assertThat(versions.get(1).get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        }
    }

    /** The changes the crud-engine's outbox has yet to relay (the task queue and outbox report are admin's). */
    private static long pending(Stack stack, String admin) {
        var total = 0L;
        for (var database : json(Http.get(stack.uri("crud-engine", "/api/system/outbox"), admin).body()).get("databases")) {
            total += database.get("pending").asLong();
        }
        return total;
    }

    private static List<JsonNode> events(Stack stack, String admin) {
        var page = json(Http.get(stack.uri("event-store", "/events?category=parcels&limit=10000"), admin).body());
        var events = new ArrayList<JsonNode>();
        page.get("events").forEach(events::add);
        return events;
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.get("type").asText().equals(type)).count();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
