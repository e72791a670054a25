package io.dbbasic.crud.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.RunningApp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §5 over a real socket: the crud-engine as {@code main} builds it, on a free port. */
class RealtimeTest {
    private static final ObjectMapper JSON = Json.newMapper();
    // open to anyone: these tests are about delivery; RealtimePermissionsTest is about who receives what
    private static final String POSTS = """
            resource: posts
            permissions: {create: public, read: public, update: public, delete: public}
            fields:
              id: {type: primary_key}
              title: {type: string, required: true}
              status: {type: select, options: [draft, published], default: draft}
              views: {type: integer}
            """;
    private static final String NOTES = """
            resource: notes
            permissions: {create: public, read: public, update: public, delete: public}
            fields:
              body: {type: text}
            """;

    @TempDir Path appDir;
    @TempDir Path dataDir;
    private RunningApp app;
    private final List<RealtimeClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(appDir.resolve("posts.yaml"), POSTS);
        Files.writeString(appDir.resolve("notes.yaml"), NOTES);
        app = RunningApp.start(CrudEngineApp.create(Environment.of(Map.of(
                "DBBASIC_APP_DIR", appDir.toString(), "DBBASIC_DATA_DIR", dataDir.toString(),
                "DBBASIC_EVENTS_PORT", Integer.toString(FreePorts.pick(1).get(0))))));
    }

    @AfterEach
    void stop() {
        clients.forEach(RealtimeClient::close);
        app.close();
    }

    private RealtimeClient connect() throws Exception {
        var client = RealtimeClient.connect(app.port());
        clients.add(client);
        return client;
    }

    private long create(String resource, String body) throws Exception {
        var response = app.post("/api/" + resource, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).path("id").longValue();
    }

    private void patch(String resource, long id, String body) {
        var response = app.send(HttpRequest.newBuilder(app.uri("/api/" + resource + "/" + id)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void delete(String resource, long id) {
        var response = app.send(HttpRequest.newBuilder(app.uri("/api/" + resource + "/" + id)).DELETE());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static String event(JsonNode message) {
        return message.path("type").asText() + " " + message.path("id").asLong() + " @" + message.path("position").asLong();
    }

    @Test
    void a_filtered_subscriber_receives_exactly_the_matching_changes_in_order() throws Exception {
        var ws = connect();
        var ack = ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"status\":\"published\"}}");
        assertThat(ack.path("resource").asText()).isEqualTo("posts");
        assertThat(ack.path("position").asLong()).isZero();

        var draft = create("posts", "{\"title\":\"draft\"}");                               // 1: not selected
        var post = create("posts", "{\"title\":\"hello\",\"status\":\"published\"}");        // 2: created
        patch("posts", post, "{\"title\":\"hello again\"}");                                 // 3: updated
        patch("posts", post, "{\"status\":\"draft\"}");                                      // 4: moves out: nothing
        patch("posts", draft, "{\"views\":3}");                                              // 5: not selected
        patch("posts", draft, "{\"status\":\"published\"}");                                 // 6: moves in: updated
        delete("posts", post);                                                               // 7: a draft went: nothing
        delete("posts", draft);                                                              // 8: deleted
        var last = create("posts", "{\"title\":\"last\",\"status\":\"published\"}");         // 9: created

        var created = ws.next();
        assertThat(event(created)).isEqualTo("created " + post + " @2");
        assertThat(created.path("resource").asText()).isEqualTo("posts");
        assertThat(created.path("record").path("title").asText()).isEqualTo("hello");
        assertThat(created.path("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        var updated = ws.next();
        assertThat(event(updated)).isEqualTo("updated " + post + " @3");
        assertThat(updated.path("changed")).extracting(JsonNode::asText).containsExactly("title");
        assertThat(updated.path("record").path("title").asText()).isEqualTo("hello again");
        var movedIn = ws.next();
        assertThat(event(movedIn)).isEqualTo("updated " + draft + " @6");
        assertThat(movedIn.path("record").path("views").asInt()).isEqualTo(3);
        var deleted = ws.next();
        assertThat(event(deleted)).isEqualTo("deleted " + draft + " @8");
        assertThat(deleted.path("record").path("title").asText()).as("a delete carries the record as it was").isEqualTo("draft");
        assertThat(event(ws.next())).isEqualTo("created " + last + " @9");
    }

    @Test
    void operators_of_the_list_grammar_work_in_filters() throws Exception {
        var ws = connect();
        ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"views[gte]\":10,\"title[contains]\":\"JAVA\",\"status[in]\":[\"draft\",\"published\"]}}");
        create("posts", "{\"title\":\"java tips\",\"views\":9}");
        create("posts", "{\"title\":\"rust tips\",\"views\":50}");
        var match = create("posts", "{\"title\":\"More Java\",\"views\":10}");
        assertThat(event(ws.next())).isEqualTo("created " + match + " @3");
    }

    @Test
    void a_subscriber_resuming_with_since_gets_the_backlog_then_live_changes() throws Exception {
        for (var i = 1; i <= 5; i++) {
            create("posts", "{\"title\":\"p" + i + "\"}");
        }
        var ws = connect();
        var ack = ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\",\"since\":2}");
        assertThat(ack.path("position").asLong()).as("the last position when subscribing").isEqualTo(5);
        for (var position = 3; position <= 5; position++) {
            assertThat(ws.next("created").path("position").asLong()).isEqualTo(position);
        }
        create("posts", "{\"title\":\"p6\"}");
        assertThat(ws.next("created").path("position").asLong()).isEqualTo(6);
    }

    @Test
    void reconnecting_with_since_misses_nothing_and_repeats_nothing_while_writers_keep_writing() throws Exception {
        var writers = 4;
        var perWriter = 40;
        var total = writers * perWriter;
        var barrier = new CyclicBarrier(writers + 1);
        var pool = Executors.newFixedThreadPool(writers);
        try {
            var ws = connect();
            ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\"}");
            var futures = new ArrayList<Future<List<Long>>>();
            for (var w = 0; w < writers; w++) {
                var writer = w;
                futures.add(pool.submit(() -> {
                    barrier.await(5, TimeUnit.SECONDS);
                    var ids = new ArrayList<Long>();
                    for (var i = 0; i < perWriter; i++) {
                        ids.add(create("posts", "{\"title\":\"w" + writer + "-" + i + "\"}"));
                    }
                    return ids;
                }));
            }
            barrier.await(5, TimeUnit.SECONDS);

            var positions = new ArrayList<Long>();
            var ids = new HashSet<Long>();
            var reconnects = 0;
            while (positions.size() < total) {
                var message = ws.next();
                assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("created");
                positions.add(message.path("position").asLong());
                ids.add(message.path("id").asLong());
                if (positions.size() % 30 == 0 && reconnects < 4) {
                    // drop the socket mid-stream, while the writers go on, and resume from the last position seen
                    ws.abort();
                    reconnects++;
                    ws = connect();
                    ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\",\"since\":" + positions.get(positions.size() - 1) + "}");
                }
            }
            var written = new HashSet<Long>();
            for (var future : futures) {
                written.addAll(future.get(30, TimeUnit.SECONDS));
            }
            assertThat(reconnects).isEqualTo(4);
            assertThat(positions).as("every position once, in order").containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(ids).isEqualTo(written).hasSize(total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void schema_changed_arrives_after_a_yaml_edit_and_the_new_field_flows() throws Exception {
        var ws = connect();
        ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"notes\"}");
        Files.writeString(appDir.resolve("notes.yaml"), NOTES + "  mood: {type: string}\n");
        assertThat(ws.next("schema_changed").path("resource").asText()).isEqualTo("notes");

        create("notes", "{\"body\":\"b\",\"mood\":\"calm\"}");
        assertThat(ws.next("created").path("record").path("mood").asText()).isEqualTo("calm");

        Files.delete(appDir.resolve("notes.yaml"));
        assertThat(ws.next("schema_changed").path("resource").asText()).isEqualTo("notes");
        var ended = ws.next("error");
        assertThat(ended.path("resource").asText()).isEqualTo("notes");
        assertThat(ended.path("message").asText()).contains("no longer served");
    }

    @Test
    void bad_messages_get_an_error_reply_and_the_socket_stays_open() throws Exception {
        var ws = connect();
        var bad = List.of(
                "not json",
                "[1,2]",
                "{\"action\":\"dance\",\"resource\":\"posts\"}",
                "{\"resource\":\"posts\"}",
                "{\"action\":\"subscribe\"}",
                "{\"action\":\"subscribe\",\"resource\":\"nope\"}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"colour\":\"red\"}}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"views[around]\":3}}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"views\":\"many\"}}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":\"status=published\"}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"since\":-1}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"since\":\"yesterday\"}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"sinse\":3}",
                "{\"action\":\"subscribe\",\"resource\":\"posts\",\"since\":99}",
                "{\"action\":\"unsubscribe\",\"resource\":\"posts\"}");
        for (var text : bad) {
            var reply = ws.send(text).next();
            assertThat(reply.path("type").asText()).as("reply to " + text + ": " + reply).isEqualTo("error");
            assertThat(reply.path("message").asText()).as(text).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(ws.sendBinary(new byte[] {1, 2}).next("error").path("message").asText()).contains("text");

        assertThat(ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\"}").path("position").asLong()).isZero();
        var id = create("posts", "{\"title\":\"still here\"}");
        assertThat(event(ws.next())).isEqualTo("created " + id + " @1");
    }

    @Test
    void error_replies_say_what_is_wrong() throws Exception {
        var ws = connect();
        assertThat(ws.send("{\"action\":\"subscribe\",\"resource\":\"nope\"}").next("error").path("message").asText())
                .contains("unknown resource `nope`").contains("notes, posts");
        assertThat(ws.send("{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"colour\":\"red\"}}").next("error")
                .path("message").asText()).contains("colour").contains("title");
        assertThat(ws.send("{\"action\":\"subscribe\",\"resource\":\"posts\",\"sinse\":3}").next("error").path("message").asText())
                .contains("`sinse`");
        assertThat(ws.send("{\"action\":\"subscribe\",\"resource\":\"posts\",\"since\":99}").next("error").path("message").asText())
                .contains("after the last position");
    }

    @Test
    void a_client_holds_several_subscriptions_and_unsubscribe_stops_one() throws Exception {
        var ws = connect();
        ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\"}");
        ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"notes\"}");
        var post = create("posts", "{\"title\":\"a\"}");
        var note = create("notes", "{\"body\":\"b\"}");
        assertThat(ws.next("created").path("id").asLong()).isEqualTo(post);
        var noteEvent = ws.next("created");
        assertThat(noteEvent.path("resource").asText()).isEqualTo("notes");
        assertThat(noteEvent.path("id").asLong()).isEqualTo(note);
        assertThat(app.get("/metrics").body()).contains("dbbasic_realtime_subscriptions{service=\"crud-engine\"} 2.0")
                .contains("dbbasic_realtime_connections").contains("dbbasic_realtime_events_total");

        assertThat(ws.send("{\"action\":\"unsubscribe\",\"resource\":\"posts\"}").next("unsubscribed").path("resource").asText())
                .isEqualTo("posts");
        create("posts", "{\"title\":\"unseen\"}");
        var second = create("notes", "{\"body\":\"seen\"}");
        var next = ws.next("created");
        assertThat(next.path("resource").asText() + " " + next.path("id").asLong()).isEqualTo("notes " + second);
    }

    @Test
    void subscribing_again_to_a_resource_replaces_the_filter() throws Exception {
        var ws = connect();
        ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"title\":\"a\"}}");
        ws.subscribe("{\"action\":\"subscribe\",\"resource\":\"posts\",\"filter\":{\"title\":\"b\"}}");
        create("posts", "{\"title\":\"a\"}");
        var b = create("posts", "{\"title\":\"b\"}");
        assertThat(event(ws.next())).isEqualTo("created " + b + " @2");
    }
}
