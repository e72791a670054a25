package io.dbbasic.crud.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.testing.Await;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox (CONTRACT §8): every CRUD write reaches the event store once, in order, whatever the store does meanwhile. */
class OutboxTest {
    // a database file of their own: the first start's admin account is written to app.duckdb (and relayed too)
    private static final String ITEMS = """
            resource: items
            database: items.duckdb
            fields:
              id: {type: primary_key}
              title: {type: string, required: true}
              body: {type: text}
            api: {enable_bulk: true}
            """;
    private static final Map<String, String> APP = Map.of("items.yaml", ITEMS);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path root;

    @Test
    void creates_updates_and_deletes_arrive_in_their_streams_in_order_with_the_contract_shape() {
        try (var stack = new RelayedStack(root, APP).startStore().startCrud()) {
            var first = stack.create("items", "{\"title\":\"one\"}");
            var second = stack.create("items", "{\"title\":\"two\"}");
            assertThat(stack.crud("PATCH", "/api/items/" + first, "{\"title\":\"uno\"}").status()).isEqualTo(200);
            assertThat(stack.crud("PATCH", "/api/items/" + first, "{\"body\":\"text\"}").status()).isEqualTo(200);
            assertThat(stack.crud("DELETE", "/api/items/" + second, null).status()).isEqualTo(204);

            Await.until("5 events reach the store", WAIT, () -> stack.events("items").size() == 5);
            var stream = stack.store("/streams/items-" + first).body().get("events");
            assertThat(types(stream)).containsExactly("items.created", "items.updated", "items.updated");
            assertThat(versions(stream)).containsExactly(0L, 1L, 2L);
            var created = stream.get(0).get("data");
            assertThat(created.get("record").get("id").asLong()).isEqualTo(first);
            assertThat(created.get("record").get("title").asText()).isEqualTo("one");
            assertThat(created.get("changes").get("title")).hasToString("[null,\"one\"]");
            assertThat(created.get("user").get("username").asText()).as("who wrote it").isEqualTo("admin");
            assertThat(stream.get(1).get("data").get("changes")).hasToString("{\"title\":[\"one\",\"uno\"]}");
            assertThat(stream.get(2).get("data").get("record").get("title").asText()).isEqualTo("uno");
            var occurred = Instant.parse(stream.get(0).get("metadata").get("occurred_at").asText());
            assertThat(occurred).isBeforeOrEqualTo(Instant.parse(stream.get(0).get("recorded_at").asText()));

            var deleted = stack.store("/streams/items-" + second).body().get("events");
            assertThat(types(deleted)).containsExactly("items.created", "items.deleted");
            assertThat(deleted.get(1).get("data").get("record").get("title").asText()).isEqualTo("two");

            var ids = stack.events("items").stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
            assertThat(ids).hasSize(5);
        }
    }

    @Test
    void the_audit_of_the_store_shows_who_changed_which_fields_and_when() {
        try (var stack = new RelayedStack(root, APP).startStore().startCrud()) {
            var id = stack.create("items", "{\"title\":\"draft\"}");
            var before = Instant.now();
            stack.crud("PATCH", "/api/items/" + id, "{\"title\":\"final\",\"body\":\"b\"}");
            Await.until("the update is relayed", WAIT, () -> stack.events("items").size() == 2);

            var audit = stack.store("/api/audit/items/" + id).body();
            assertThat(audit.get("id").asLong()).isEqualTo(id);
            var versions = audit.get("versions");
            assertThat(versions).hasSize(2);
            assertThat(versions.get(0).get("type").asText()).isEqualTo("items.created");
            assertThat(versions.get(1).get("changes")).hasToString("{\"title\":[\"draft\",\"final\"],\"body\":[null,\"b\"]}");
            assertThat(versions.get(1).get("user").get("username").asText()).isEqualTo("admin");
            var at = Instant.parse(versions.get(1).get("at").asText());
            assertThat(at).isBetween(before.minusSeconds(1), Instant.now());
        }
    }

    @Test
    void the_admin_record_page_shows_the_history_from_the_store_escaped() {
        try (var stack = new RelayedStack(root, APP).startStore().startCrud()) {
            var id = stack.create("items", "{\"title\":\"draft\"}");
            stack.crud("PATCH", "/api/items/" + id, "{\"title\":\"<b>final</b>\"}");
            Await.until("the update is relayed", WAIT, () -> stack.events("items").size() == 2);

            var page = stack.page("/ui/items/" + id);
            var history = page.substring(page.indexOf("id=\"history\""));
            assertThat(history).doesNotContain("No changes recorded yet").doesNotContain("<b>final</b>");
            assertThat(history.split("class=\"border-start border-3 ps-3 pb-3 history-entry\"", -1)).hasSize(3);
            assertThat(history).contains("<strong>items.created</strong> by <span>admin</span>")
                    .contains("<strong>items.updated</strong> by <span>admin</span>")
                    .contains("<td>Title</td><td class=\"text-break\">draft</td><td class=\"text-break\">&lt;b&gt;final&lt;/b&gt;</td>");
        }
    }

    @Test
    void with_the_store_down_writes_succeed_health_degrades_and_every_event_arrives_once_when_it_is_back() {
        try (var stack = new RelayedStack(root, APP).startCrud()) {
            for (var i = 0; i < 30; i++) {
                stack.create("items", "{\"title\":\"t" + i + "\"}");
            }
            Await.until("health is degraded", WAIT, () -> stack.crud("GET", "/health", null).body().get("status").asText().equals("degraded"));
            var health = stack.crud("GET", "/health", null).body();
            assertThat(health.get("problems").toString()).contains("unreachable").contains("30 changes of items.duckdb waiting");
            assertThat(stack.metric("dbbasic_outbox_pending", "items.duckdb")).isEqualTo(30.0);
            assertThat(stack.metric("dbbasic_outbox_oldest_age_seconds", "items.duckdb")).isGreaterThanOrEqualTo(0.0);
            var report = stack.crud("GET", "/api/system/outbox", null).body().get("databases").get(0);
            assertThat(report.get("pending").asLong()).isEqualTo(30);
            assertThat(report.get("oldest_pending_at").isNull()).isFalse();
            assertThat(report.get("problem").asText()).contains("unreachable");

            stack.startStore();
            Await.until("the backlog is relayed", WAIT, () -> stack.metric("dbbasic_outbox_pending", "items.duckdb") == 0.0);
            var events = stack.events("items");
            assertThat(events).hasSize(30);
            assertThat(events.stream().map(e -> e.get("stream").asText()).collect(Collectors.toSet())).hasSize(30);
            assertThat(events).allSatisfy(e -> assertThat(e.get("type").asText()).isEqualTo("items.created"));
            assertThat(stack.crud("GET", "/health", null).body().get("status").asText()).isEqualTo("up");
            assertThat(stack.metric("dbbasic_outbox_relayed_total", "items.duckdb")).isEqualTo(30.0);
        }
    }

    @Test
    void a_store_that_gives_no_answer_costs_a_pass_a_handful_of_connections_not_one_per_stream() throws Exception {
        var connections = new AtomicInteger();
        var stack = new RelayedStack(root, APP);
        var dropping = new java.net.ServerSocket(stack.storePort());
        try (stack) {
            // a store that accepts each connection and closes it unanswered: the client sees no answer at all
            var acceptor = new Thread(() -> {
                while (!dropping.isClosed()) {
                    try {
                        dropping.accept().close();
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.start();
            stack.startCrud();
            var bulk = new StringBuilder("[");
            for (var i = 0; i < 300; i++) {
                bulk.append(i == 0 ? "" : ",").append("{\"title\":\"t").append(i).append("\"}");
            }
            assertThat(stack.crud("POST", "/api/items/bulk", bulk.append("]").toString()).status()).isEqualTo(201);

            // the first pass ends in the relay reporting the store unreachable (health degrades); by then it has
            // stopped sending: at most the appends already under way (16) reached the store
            Await.until("health is degraded", WAIT, () -> stack.crud("GET", "/health", null).body().get("status").asText().equals("degraded"));
            assertThat(connections.get()).as("connections of a pass over 300 streams").isBetween(1, 32);
            assertThat(stack.metric("dbbasic_outbox_pending", "items.duckdb")).isEqualTo(300.0);
        } finally {
            dropping.close();
        }
    }

    @Test
    void a_restart_of_the_crud_engine_in_the_middle_of_a_backlog_resumes_without_duplicates() {
        try (var stack = new RelayedStack(root, APP).startStore().startCrud()) {
            var items = new StringBuilder("[");
            for (var i = 0; i < 600; i++) {
                items.append(i == 0 ? "" : ",").append("{\"title\":\"bulk ").append(i).append("\"}");
            }
            assertThat(stack.crud("POST", "/api/items/bulk", items.append("]").toString()).status()).isEqualTo(201);
            // stopped while its first pass is under way: some events are in the store, the cursor has not moved past them
            Await.until("the relay has begun", WAIT, () -> !stack.events("items").isEmpty());
            stack.stopCrud();

            stack.startCrud();
            Await.until("all 600 are relayed", WAIT, () -> stack.events("items").size() >= 600);
            var events = stack.events("items");
            assertThat(events).hasSize(600);
            assertThat(events.stream().map(e -> e.get("id").asText()).collect(Collectors.toSet())).hasSize(600);
            Await.until("the outbox is empty", WAIT, () -> stack.metric("dbbasic_outbox_pending", "items.duckdb") == 0.0);
            assertThat(stack.events("items")).hasSize(600);
        }
    }

    @Test
    void a_restart_while_the_store_is_down_delivers_the_backlog_once_the_store_is_back() {
        try (var stack = new RelayedStack(root, APP).startCrud()) {
            for (var i = 0; i < 20; i++) {
                stack.create("items", "{\"title\":\"t" + i + "\"}");
            }
            stack.stopCrud();
            stack.startStore().startCrud();
            Await.until("the backlog is relayed", WAIT, () -> stack.metric("dbbasic_outbox_pending", "items.duckdb") == 0.0);
            var events = stack.events("items");
            assertThat(events).hasSize(20);
            assertThat(events.stream().map(e -> e.get("stream").asText()).collect(Collectors.toSet())).hasSize(20);
        }
    }

    @Test
    void an_event_the_store_refuses_for_good_becomes_a_visible_dead_letter_and_the_others_flow_on() {
        try (var stack = new RelayedStack(root, APP).startStore().startCrud()) {
            // someone else writes to the stream the next item will use: its created event cannot expect no_stream
            var foreign = stack.storeApp().post("/streams/items-1", "{\"type\":\"note\",\"data\":{}}");
            assertThat(foreign.statusCode()).isEqualTo(201);
            var refused = stack.create("items", "{\"title\":\"clash\"}");
            var fine = stack.create("items", "{\"title\":\"fine\"}");
            assertThat(refused).isEqualTo(1);

            Await.until("the dead letter is listed", WAIT,
                    () -> stack.crud("GET", "/api/system/outbox", null).body().get("dead_letters").size() == 1);
            var letter = stack.crud("GET", "/api/system/outbox", null).body().get("dead_letters").get(0);
            assertThat(letter.get("stream").asText()).isEqualTo("items-1");
            assertThat(letter.get("type").asText()).isEqualTo("items.created");
            assertThat(letter.get("reason").asText()).contains("version conflict").contains("no_stream").contains("at 0");
            assertThat(letter.get("event_id").asText()).hasSize(36);
            Await.until("the other item is relayed", WAIT, () -> stack.store("/streams/items-" + fine).status() == 200);
            assertThat(stack.metric("dbbasic_outbox_dead_letters", "items.duckdb")).isEqualTo(1.0);
            assertThat(stack.metric("dbbasic_outbox_pending", "items.duckdb")).isEqualTo(0.0);
            assertThat(stack.crud("GET", "/health", null).body().get("status").asText()).isEqualTo("up");
            assertThat(types(stack.store("/streams/items-1").body().get("events"))).containsExactly("note");
        }
    }

    @Test
    void a_change_too_large_for_the_store_is_dead_lettered_alone_and_the_next_change_of_its_record_follows() {
        try (var stack = new RelayedStack(root, APP).startStore().startCrud()) {
            // a created event holds the value twice (record and changes): 5.3 MB twice is over the store's 10 MB limit
            var huge = "x".repeat(5_300_000);
            var id = stack.create("items", "{\"title\":\"big\",\"body\":\"" + huge + "\"}");
            assertThat(stack.crud("PATCH", "/api/items/" + id, "{\"body\":\"small\"}").status()).isEqualTo(200);

            Await.until("the record's update is relayed", WAIT, () -> stack.store("/streams/items-" + id).status() == 200);
            var stream = stack.store("/streams/items-" + id).body().get("events");
            assertThat(types(stream)).containsExactly("items.updated");
            assertThat(stream.get(0).get("data").get("record").get("body").asText()).isEqualTo("small");
            var letters = stack.crud("GET", "/api/system/outbox", null).body().get("dead_letters");
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).get("reason").asText()).contains("413");
            assertThat(letters.get(0).get("type").asText()).isEqualTo("items.created");
            assertThat(letters.get(0).get("position").asLong()).isEqualTo(1);
        }
    }

    @Test
    void a_dead_letter_behind_a_change_that_waits_is_not_sent_again_and_the_cursor_passes_it_later() {
        var held = new AtomicBoolean(true);
        var requests = new ConcurrentHashMap<String, AtomicInteger>();
        try (var stack = new RelayedStack(root, APP)) {
            // a scripted store: items-1 is unavailable until released, items-2 conflicts, the rest is accepted
            var store = Javalin.create(config -> config.routes.post("/streams/{stream}", ctx -> {
                var stream = ctx.pathParam("stream");
                requests.computeIfAbsent(stream, s -> new AtomicInteger()).incrementAndGet();
                if (stream.equals("items-1") && held.get()) {
                    ctx.status(503).result("{\"status\":503,\"detail\":\"busy\"}");
                } else if (stream.equals("items-2")) {
                    ctx.status(409).result("{\"status\":409,\"detail\":\"conflict\",\"expected\":\"no_stream\",\"actual\":0}");
                } else {
                    ctx.status(201).result("{\"stream\":\"" + stream + "\",\"first_version\":0,\"last_version\":0,"
                            + "\"first_position\":1,\"last_position\":1}");
                }
            })).start(stack.storePort());
            try {
                stack.startCrud();
                var bulk = stack.crud("POST", "/api/items/bulk", "[{\"title\":\"a\"},{\"title\":\"b\"},{\"title\":\"c\"}]");
                assertThat(bulk.status()).isEqualTo(201);   // one commit: the three rows meet in one pass

                Await.until("items-2 is a dead letter while items-1 waits", WAIT,
                        () -> stack.crud("GET", "/api/system/outbox", null).body().get("dead_letters").size() == 1);
                assertThat(stack.metric("dbbasic_outbox_pending", "items.duckdb")).isEqualTo(3.0);
                Await.until("items-1 was tried again", WAIT, () -> requests.get("items-1").get() >= 3);

                held.set(false);
                Await.until("the outbox is empty", WAIT, () -> stack.metric("dbbasic_outbox_pending", "items.duckdb") == 0.0);
                assertThat(requests.get("items-2").get()).as("a dead letter is never sent again").isEqualTo(1);
                assertThat(stack.metric("dbbasic_outbox_dead_letters", "items.duckdb")).isEqualTo(1.0);
                assertThat(stack.crud("GET", "/health", null).body().get("status").asText()).isEqualTo("up");
            } finally {
                store.stop();
            }
        }
    }

    @Test
    void bad_limits_on_the_outbox_report_are_refused() {
        try (var stack = new RelayedStack(root, APP).startCrud()) {
            var reply = stack.crud("GET", "/api/system/outbox?limit=lots", null);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body().get("detail").asText()).contains("limit");
        }
    }

    private static List<String> types(JsonNode events) {
        var types = new ArrayList<String>();
        events.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    private static List<Long> versions(JsonNode events) {
        var versions = new ArrayList<Long>();
        events.forEach(e -> versions.add(e.get("version").asLong()));
        return versions;
    }
}
