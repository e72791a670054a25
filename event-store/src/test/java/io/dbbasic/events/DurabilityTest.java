package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stop the app, reopen the same data dir: everything is there, positions and versions continue, ids are still known. */
class DurabilityTest {
    @TempDir Path dir;

    @Test
    void after_a_restart_every_event_is_there_and_positions_continue() {
        var id = "00000000-0000-4000-8000-0000000000aa";
        String first;
        try (var store = EventStore.start(dir.resolve("data"))) {
            first = store.post("/streams/orders-1", "{\"id\":\"" + id + "\",\"type\":\"Placed\",\"data\":{\"n\":1}}").body();
            store.append("orders-1", "[" + event("Paid", "{}") + "," + event("Shipped", "{}") + "]");
            store.append("users-1", event("Joined", "{}"));
        }
        assertThat(dir.resolve("data/events.duckdb")).exists();

        try (var store = EventStore.start(dir.resolve("data"))) {
            assertThat(StreamApiTest.types(store.getJson("/streams/orders-1").get("events"))).containsExactly("Placed", "Paid", "Shipped");
            var next = store.append("orders-1", event("Delivered", "{}"));
            assertThat(next.get("first_version").asLong()).isEqualTo(3);
            assertThat(next.get("first_position").asLong()).isEqualTo(5);
            assertThat(store.post("/streams/users-1?expected_version=0", event("Left", "{}")).statusCode()).isEqualTo(201);

            var replay = store.post("/streams/orders-1", "{\"id\":\"" + id + "\",\"type\":\"Placed\",\"data\":{\"n\":1}}");
            assertThat(replay.body()).isEqualTo(first);
            assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            assertThat(store.post("/streams/elsewhere-1", "{\"id\":\"" + id + "\",\"type\":\"Placed\",\"data\":{}}").statusCode()).isEqualTo(409);

            assertThat(StreamApiTest.positions(store.getJson("/events").get("events")))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
        }
    }
}
