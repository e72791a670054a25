package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static io.dbbasic.events.EventStore.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends, stream reads and reads of the whole log over real HTTP (CONTRACT §8). */
class StreamApiTest {
    @TempDir Path dir;
    EventStore store;

    @BeforeEach void start() {
        store = EventStore.start(dir.resolve("data"));
    }

    @AfterEach void stop() {
        store.close();
    }

    @Test
    void an_append_answers_201_with_versions_and_positions_and_the_event_reads_back_whole() {
        var id = "7d4f2a52-0000-4000-8000-000000000001";
        var response = store.post("/streams/orders-1", "{\"id\":\"" + id + "\",\"type\":\"orders.placed\","
                + "\"data\":{\"total\":12.50,\"items\":[1,2]},\"metadata\":{\"by\":\"alice\"}}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).hasValue("/streams/orders-1?from_version=0");
        assertThat(response.body()).isEqualTo(
                "{\"stream\":\"orders-1\",\"first_version\":0,\"last_version\":0,\"first_position\":1,\"last_position\":1}");

        var events = store.getJson("/streams/orders-1").get("events");
        assertThat(events).hasSize(1);
        var e = events.get(0);
        assertThat(fieldNames(e)).containsExactly("id", "stream", "version", "position", "type", "data", "metadata", "recorded_at");
        assertThat(e.get("id").asText()).isEqualTo(id);
        assertThat(e.get("stream").asText()).isEqualTo("orders-1");
        assertThat(e.get("version").asLong()).isZero();
        assertThat(e.get("position").asLong()).isEqualTo(1);
        assertThat(e.get("type").asText()).isEqualTo("orders.placed");
        var raw = store.get("/streams/orders-1").body();
        assertThat(raw).contains("\"data\":{\"total\":12.50,\"items\":[1,2]},\"metadata\":{\"by\":\"alice\"}");
        assertThat(e.get("recorded_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    }

    @Test
    void the_server_assigns_a_uuid_when_an_event_has_no_id() {
        store.append("orders-1", event("A", "{}"));
        var id = store.getJson("/streams/orders-1").at("/events/0/id").asText();
        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        assertThat(store.getJson("/streams/orders-1").at("/events/0/metadata").isNull()).isTrue();
    }

    @Test
    void a_batch_is_appended_at_consecutive_versions_and_positions() {
        store.append("other-1", event("X", "{}"));
        var result = store.append("orders-1", "[" + event("A", "{}") + "," + event("B", "{}") + "," + event("C", "{}") + "]");

        assertThat(result.get("first_version").asLong()).isZero();
        assertThat(result.get("last_version").asLong()).isEqualTo(2);
        assertThat(result.get("first_position").asLong()).isEqualTo(2);
        assertThat(result.get("last_position").asLong()).isEqualTo(4);
        assertThat(types(store.getJson("/streams/orders-1").get("events"))).containsExactly("A", "B", "C");
    }

    @Test
    void a_stream_reads_forward_and_backward_from_a_version_with_a_limit() {
        for (int i = 0; i < 5; i++) {
            store.append("s-1", event("E" + i, "{}"));
        }
        assertThat(versions(store.getJson("/streams/s-1?from_version=2").get("events"))).containsExactly(2L, 3L, 4L);
        assertThat(versions(store.getJson("/streams/s-1?from_version=1&limit=2").get("events"))).containsExactly(1L, 2L);
        assertThat(versions(store.getJson("/streams/s-1?direction=backward").get("events"))).containsExactly(4L, 3L, 2L, 1L, 0L);
        assertThat(versions(store.getJson("/streams/s-1?direction=backward&from_version=2&limit=2").get("events"))).containsExactly(2L, 1L);
        assertThat(store.getJson("/streams/s-1?from_version=9").get("events")).isEmpty();
        assertThat(store.getJson("/streams/s-1?direction=forward").get("stream").asText()).isEqualTo("s-1");
    }

    @Test
    void a_stream_without_events_is_404() {
        var response = store.get("/streams/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).get("detail").asText()).contains("nothing-here");
    }

    @Test
    void expected_version_is_checked_and_a_wrong_one_is_409_with_expected_and_actual() {
        assertThat(store.post("/streams/a-1?expected_version=exists", event("A", "{}")).statusCode()).isEqualTo(409);
        assertThat(json(store.post("/streams/a-1?expected_version=exists", event("A", "{}"))).get("actual").asText()).isEqualTo("no_stream");
        assertThat(store.post("/streams/a-1?expected_version=no_stream", event("A", "{}")).statusCode()).isEqualTo(201);

        var stale = store.post("/streams/a-1?expected_version=no_stream", event("A", "{}"));
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).get("expected").asText()).isEqualTo("no_stream");
        assertThat(json(stale).get("actual").asLong()).isZero();

        var wrong = store.post("/streams/a-1?expected_version=5", event("A", "{}"));
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(wrong).get("expected").asLong()).isEqualTo(5);
        assertThat(json(wrong).get("actual").asLong()).isZero();

        assertThat(store.post("/streams/a-1?expected_version=0", event("B", "{}")).statusCode()).isEqualTo(201);
        assertThat(store.post("/streams/a-1?expected_version=exists", event("C", "{}")).statusCode()).isEqualTo(201);
        assertThat(store.post("/streams/a-1?expected_version=any", event("D", "{}")).statusCode()).isEqualTo(201);
        assertThat(versions(store.getJson("/streams/a-1").get("events"))).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void a_rejected_append_writes_nothing_and_takes_no_position() {
        store.append("a-1", event("A", "{}"));
        assertThat(store.post("/streams/a-1?expected_version=7", "[" + event("B", "{}") + "," + event("C", "{}") + "]").statusCode()).isEqualTo(409);
        var next = store.append("b-1", event("X", "{}"));
        assertThat(next.get("first_position").asLong()).isEqualTo(2);
        assertThat(store.getJson("/streams/a-1").get("events")).hasSize(1);
    }

    @Test
    void events_reads_all_streams_in_position_order_with_next_position() {
        for (int i = 0; i < 5; i++) {
            store.append((i % 2 == 0 ? "posts-" : "users-") + i, event(i % 2 == 0 ? "posts.created" : "users.created", "{\"i\":" + i + "}"));
        }
        var page = store.getJson("/events?limit=2");
        assertThat(positions(page.get("events"))).containsExactly(1L, 2L);
        assertThat(page.get("next_position").asLong()).isEqualTo(3);
        var rest = store.getJson("/events?from_position=3");
        assertThat(positions(rest.get("events"))).containsExactly(3L, 4L, 5L);
        assertThat(rest.get("next_position").asLong()).isEqualTo(6);
        var empty = store.getJson("/events?from_position=6");
        assertThat(empty.get("events")).isEmpty();
        assertThat(empty.get("next_position").asLong()).isEqualTo(6);
        assertThat(positions(store.getJson("/events?from_position=0").get("events"))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void events_filter_by_type_category_and_time() {
        store.append("posts-1", event("posts.created", "{}"));
        store.append("users-1", event("users.created", "{}"));
        store.append("posts-1", event("posts.updated", "{}"));
        store.append("postscript", event("other", "{}"));

        assertThat(positions(store.getJson("/events?category=posts").get("events"))).containsExactly(1L, 3L);
        assertThat(positions(store.getJson("/events?type=posts.updated,users.created").get("events"))).containsExactly(2L, 3L);
        assertThat(positions(store.getJson("/events?category=postscript").get("events"))).containsExactly(4L);
        var filtered = store.getJson("/events?category=posts&limit=1");
        assertThat(positions(filtered.get("events"))).containsExactly(1L);
        assertThat(filtered.get("next_position").asLong()).isEqualTo(2);
        var tail = store.getJson("/events?category=posts&from_position=2");
        assertThat(positions(tail.get("events"))).containsExactly(3L);
        assertThat(tail.get("next_position").asLong()).isEqualTo(5);

        assertThat(store.getJson("/events?since=2000-01-01").get("events")).hasSize(4);
        assertThat(store.getJson("/events?until=2000-01-01T00:00:00Z").get("events")).isEmpty();
        assertThat(store.getJson("/events?since=2999-01-01T00:00:00%2B02:00").get("events")).isEmpty();
    }

    @Test
    void limit_defaults_to_100_and_is_clamped_to_10000() {
        var batch = new StringBuilder("[");
        for (int i = 0; i < 150; i++) {
            batch.append(i == 0 ? "" : ",").append(event("T", "{}"));
        }
        store.append("bulk-1", batch.append(']').toString());
        assertThat(store.getJson("/events").get("events")).hasSize(100);
        assertThat(store.getJson("/events?limit=999999").get("events")).hasSize(150);
        assertThat(store.getJson("/streams/bulk-1").get("events")).hasSize(100);
    }

    @Test
    void reads_of_the_whole_log_are_the_same_from_memory_and_from_the_database() {
        store.close();
        store = EventStore.start(dir.resolve("data"), io.dbbasic.events.log.LogSettings.DEFAULTS.withRingCapacity(4));
        for (int i = 0; i < 10; i++) {
            store.append((i % 2 == 0 ? "even-" : "odd-") + i, event(i % 3 == 0 ? "three" : "other", "{\"i\":" + i + "}"));
        }
        // positions 7..10 are in the ring of 4; 1..6 only in DuckDB
        assertThat(positions(store.getJson("/events?from_position=1").get("events"))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(positions(store.getJson("/events?from_position=8").get("events"))).containsExactly(8L, 9L, 10L);
        assertThat(positions(store.getJson("/events?type=three").get("events"))).containsExactly(1L, 4L, 7L, 10L);
        assertThat(positions(store.getJson("/events?type=three&from_position=5").get("events"))).containsExactly(7L, 10L);
        assertThat(store.getJson("/events?category=even&from_position=8").get("next_position").asLong()).isEqualTo(11);
    }

    @Test
    void streams_are_listed_by_latest_activity() {
        store.append("posts-1", event("A", "{}"));
        store.append("posts-2", event("A", "{}"));
        store.append("users-1", event("A", "{}"));
        store.append("posts-1", event("B", "{}"));
        var streams = store.getJson("/api/streams").get("streams");
        assertThat(streams.findValuesAsText("stream")).containsExactly("posts-1", "users-1", "posts-2");
        assertThat(streams.get(0).get("last_version").asLong()).isEqualTo(1);
        assertThat(streams.get(0).get("category").asText()).isEqualTo("posts");
        assertThat(store.getJson("/api/streams?category=users").get("streams").findValuesAsText("stream")).containsExactly("users-1");
    }

    static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> types(JsonNode events) {
        var out = new ArrayList<String>();
        events.forEach(e -> out.add(e.get("type").asText()));
        return out;
    }

    static List<Long> versions(JsonNode events) {
        var out = new ArrayList<Long>();
        events.forEach(e -> out.add(e.get("version").asLong()));
        return out;
    }

    static List<Long> positions(JsonNode events) {
        var out = new ArrayList<Long>();
        events.forEach(e -> out.add(e.get("position").asLong()));
        return out;
    }
}
