package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.events.log.LogSettings;
import io.dbbasic.testing.Logins;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WS /subscribe: catch-up then live, in order, no gaps or duplicates; slow subscribers hold up nobody. */
class SubscriptionTest {
    @TempDir Path dir;
    EventStore store;

    @AfterEach void stop() {
        if (store != null) {
            store.close();
        }
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void a_subscriber_catches_up_then_receives_live_events_in_order() throws Exception {
        store = EventStore.start(dir.resolve("data"));
        for (int i = 0; i < 5; i++) {
            store.append("s-" + i, event("Past", "{\"i\":" + i + "}"));
        }
        try (var ws = WsProbe.connect(store, "?from_position=0")) {
            var first = ws.next();
            assertThat(StreamApiTest.fieldNames(first)).containsExactly("id", "stream", "version", "position", "type", "data", "metadata", "recorded_at");
            assertThat(first.get("position").asLong()).isEqualTo(1);
            assertThat(first.get("data").get("i").asInt()).isZero();
            assertThat(ws.positions(4)).isEqualTo(range(2, 5));

            store.append("live-1", "[" + event("Live", "{}") + "," + event("Live", "{}") + "]");
            assertThat(ws.positions(2)).isEqualTo(range(6, 7));
        }
    }

    @Test
    void without_from_position_a_subscriber_gets_only_new_events() throws Exception {
        store = EventStore.start(dir.resolve("data"));
        store.append("s-1", event("Old", "{}"));
        try (var ws = WsProbe.connect(store, "")) {
            // The subscription starts at open: wait until the hub has it before appending.
            io.dbbasic.testing.Await.until("the subscription is open", java.time.Duration.ofSeconds(5),
                    () -> store.get("/metrics").body().contains("events_subscribers{service=\"event-store\"} 1.0"));
            store.append("s-1", event("New", "{}"));
            var message = ws.next();
            assertThat(message.get("type").asText()).isEqualTo("New");
            assertThat(message.get("position").asLong()).isEqualTo(2);
        }
    }

    @Test
    void a_subscriber_filters_by_category_and_type() throws Exception {
        store = EventStore.start(dir.resolve("data"));
        store.append("posts-1", event("posts.created", "{}"));
        store.append("users-1", event("users.created", "{}"));
        store.append("posts-1", event("posts.updated", "{}"));
        try (var byCategory = WsProbe.connect(store, "?from_position=1&category=posts");
             var byType = WsProbe.connect(store, "?from_position=1&type=users.created,posts.updated")) {
            assertThat(byCategory.positions(2)).containsExactly(1L, 3L);
            assertThat(byType.positions(2)).containsExactly(2L, 3L);
            store.append("users-2", event("users.created", "{}"));
            store.append("posts-2", event("posts.created", "{}"));
            assertThat(byCategory.next().get("position").asLong()).isEqualTo(5);
            assertThat(byType.next().get("position").asLong()).isEqualTo(4);
        }
    }

    @Test
    void a_subscriber_started_mid_stream_gets_every_event_once_in_order_while_appends_go_on() throws Exception {
        // A ring of 64 makes the subscriber read from DuckDB first, then from memory, while the writer runs.
        store = EventStore.start(dir.resolve("data"), LogSettings.DEFAULTS.withRingCapacity(64));
        int writers = 4;
        int perWriter = 75;
        int total = writers * perWriter;
        var pool = Executors.newFixedThreadPool(writers);
        var started = new CountDownLatch(60);
        try {
            for (int w = 0; w < writers; w++) {
                var writer = w;
                pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        store.append("w" + writer + "-" + (i % 3), event("Tick", "{\"w\":" + writer + ",\"i\":" + i + "}"));
                        started.countDown();
                    }
                    return null;
                });
            }
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            try (var ws = WsProbe.connect(store, "?from_position=0")) {
                assertThat(ws.positions(total)).isEqualTo(range(1, total));
                assertThat(ws.poll()).isNull();
                store.append("after-1", event("After", "{}"));
                assertThat(ws.next().get("position").asLong()).isEqualTo(total + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_slow_subscriber_holds_up_neither_the_writer_nor_other_subscribers_and_later_gets_everything() throws Exception {
        store = EventStore.start(dir.resolve("data"), LogSettings.DEFAULTS.withRingCapacity(64));
        var payload = "{\"pad\":\"" + "x".repeat(20_000) + "\"}";   // 300 × 20 kB: more than socket buffers hold
        int total = 300;
        try (var slow = WsProbe.connectPaused(store, "?from_position=1");
             var fast = WsProbe.connect(store, "?from_position=1")) {
            for (int i = 0; i < total / 10; i++) {
                var batch = new StringBuilder("[");
                for (int j = 0; j < 10; j++) {
                    batch.append(j == 0 ? "" : ",").append(event("Big", payload));
                }
                store.append("big-" + i, batch.append(']').toString());
            }
            assertThat(fast.positions(total)).isEqualTo(range(1, total));
            assertThat(slow.poll()).isNull();

            slow.resume();
            assertThat(slow.positions(total)).isEqualTo(range(1, total));
        }
    }

    @Test
    void bad_subscription_parameters_are_refused_with_400_before_the_upgrade() {
        store = EventStore.start(dir.resolve("data"));
        var uri = URI.create("ws://localhost:" + store.app.port() + "/subscribe?from_position=abc");
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", Logins.admin(dir.resolve("data"))).buildAsync(uri, new WebSocket.Listener() { }).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(400));
    }

    @Test
    void stopping_the_store_closes_subscriptions_with_going_away() throws Exception {
        store = EventStore.start(dir.resolve("data"));
        var ws = WsProbe.connect(store, "?from_position=1");
        store.append("s-1", event("A", "{}"));
        ws.next();
        store.close();
        store = null;
        assertThat(ws.closed.get(10, TimeUnit.SECONDS)).startsWith("1001");
        ws.close();
    }
}
