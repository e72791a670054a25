package io.dbbasic.events;

import static io.dbbasic.events.EventStore.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-posting event ids: the same result and no duplicate; an id is one stream's. */
class IdempotencyTest {
    static final String A = "00000000-0000-4000-8000-00000000000a";
    static final String B = "00000000-0000-4000-8000-00000000000b";
    static final String C = "00000000-0000-4000-8000-00000000000c";

    @TempDir Path dir;
    EventStore store;

    @BeforeEach void start() {
        store = EventStore.start(dir.resolve("data"));
    }

    @AfterEach void stop() {
        store.close();
    }

    static String ev(String id, String type) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{}}";
    }

    @Test
    void re_posting_the_same_ids_returns_the_same_result_and_writes_nothing() {
        store.append("other-1", "{\"type\":\"X\",\"data\":{}}");
        var first = store.post("/streams/s-1?expected_version=no_stream", "[" + ev(A, "A") + "," + ev(B, "B") + "]");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();

        var again = store.post("/streams/s-1?expected_version=no_stream", "[" + ev(A, "A") + "," + ev(B, "B") + "]");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");

        var withoutVersion = store.post("/streams/s-1", "[" + ev(A, "A") + "," + ev(B, "B") + "]");
        assertThat(withoutVersion.body()).isEqualTo(first.body());
        assertThat(store.getJson("/streams/s-1").get("events")).hasSize(2);
        assertThat(store.getJson("/events").get("events")).hasSize(3);
    }

    @Test
    void a_replay_still_answers_after_the_stream_moved_on() {
        var first = store.post("/streams/s-1?expected_version=no_stream", ev(A, "A"));
        store.append("s-1", ev(B, "B"));
        var again = store.post("/streams/s-1?expected_version=no_stream", ev(A, "A"));
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void an_id_already_used_in_another_stream_is_409() {
        store.append("s-1", ev(A, "A"));
        var response = store.post("/streams/s-2", ev(A, "A"));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("stream").asText()).isEqualTo("s-1");
        assertThat(json(response).get("event_id").asText()).isEqualTo(A);
        assertThat(store.get("/streams/s-2").statusCode()).isEqualTo(404);
    }

    @Test
    void a_retry_that_adds_events_after_the_stored_ones_appends_only_the_new_ones() {
        var first = json(store.post("/streams/s-1?expected_version=no_stream", "[" + ev(A, "A") + "," + ev(B, "B") + "]"));
        var retry = store.post("/streams/s-1?expected_version=no_stream", "[" + ev(A, "A") + "," + ev(B, "B") + "," + ev(C, "C") + "]");

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        var body = json(retry);
        assertThat(body.get("first_version").asLong()).isZero();
        assertThat(body.get("last_version").asLong()).isEqualTo(2);
        assertThat(body.get("first_position").asLong()).isEqualTo(first.get("first_position").asLong());
        assertThat(StreamApiTest.types(store.getJson("/streams/s-1").get("events"))).containsExactly("A", "B", "C");
    }

    @Test
    void stored_ids_out_of_order_or_not_at_the_start_are_409_and_nothing_is_written() {
        store.append("s-1", "[" + ev(A, "A") + "," + ev(B, "B") + "]");
        assertThat(store.post("/streams/s-1", "[" + ev(B, "B") + "," + ev(A, "A") + "]").statusCode()).isEqualTo(409);
        var notAtStart = store.post("/streams/s-1", "[" + ev(C, "C") + "," + ev(A, "A") + "]");
        assertThat(notAtStart.statusCode()).isEqualTo(409);
        assertThat(json(notAtStart).get("known_event_ids").get(0).asText()).isEqualTo(A);
        assertThat(store.getJson("/streams/s-1").get("events")).hasSize(2);
    }

    @Test
    void a_retry_of_stored_events_after_others_came_in_between_is_409() {
        store.append("s-1", ev(A, "A"));
        store.append("s-1", "{\"type\":\"Other\",\"data\":{}}");
        var response = store.post("/streams/s-1", "[" + ev(A, "A") + "," + ev(B, "B") + "]");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response).get("expected").asLong()).isZero();
        assertThat(json(response).get("actual").asLong()).isEqualTo(1);
    }

    @Test
    void the_same_ids_in_one_group_commit_are_written_once() throws Exception {
        // Concurrent identical posts usually share a group commit: the later ones see the earlier one's rows.
        var results = ConcurrencyTest.race(8, i -> store.post("/streams/s-1", "[" + ev(A, "A") + "," + ev(B, "B") + "]"));
        assertThat(results).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(results.stream().map(r -> r.body()).distinct()).hasSize(1);
        assertThat(store.getJson("/streams/s-1").get("events")).hasSize(2);
    }
}
