package io.dbbasic.events;

import static io.dbbasic.events.EventStore.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a precise problem body, never a 500. One store for the class: nothing here writes. */
class BadInputTest {
    @TempDir static Path dir;
    static EventStore store;

    @BeforeAll static void start() {
        store = EventStore.start(dir.resolve("data"));
    }

    @AfterAll static void stop() {
        store.close();
    }

    static HttpResponse<String> problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        return response;
    }

    @Test
    void malformed_json_is_400_saying_where() {
        var response = problem(store.post("/streams/s-1", "{\"type\":\"A\",\"data\":{"), 400);
        assertThat(json(response).get("detail").asText()).contains("not valid JSON").contains("line 1");
        problem(store.post("/streams/s-1", "{\"type\":\"A\",\"data\":{}} trailing"), 400);
        problem(store.post("/streams/s-1", ""), 400);
    }

    @Test
    void a_repeated_key_is_400() {
        problem(store.post("/streams/s-1", "{\"type\":\"A\",\"type\":\"B\",\"data\":{}}"), 400);
    }

    @Test
    void wrong_shapes_are_422_per_field() {
        var single = json(problem(store.post("/streams/s-1", "{\"id\":\"nope\",\"type\":\"has space\",\"data\":[1],\"metadata\":3,\"extra\":1}"), 422));
        var errors = single.get("errors");
        assertThat(errors.get("id").asText()).contains("UUID");
        assertThat(errors.get("type").asText()).contains("letters");
        assertThat(errors.get("data").asText()).isEqualTo("must be a JSON object");
        assertThat(errors.get("metadata").asText()).isEqualTo("must be a JSON object");
        assertThat(errors.get("extra").asText()).contains("not a member");

        var missing = json(problem(store.post("/streams/s-1", "{}"), 422)).get("errors");
        assertThat(missing.get("type").asText()).isEqualTo("is required");
        assertThat(missing.get("data").asText()).contains("is required");

        var batch = json(problem(store.post("/streams/s-1", "[{\"type\":\"A\",\"data\":{}}, 7, {\"data\":{}}]"), 422));
        assertThat(batch.at("/errors/1").asText()).isEqualTo("must be an event object");
        assertThat(batch.at("/errors/2/type").asText()).isEqualTo("is required");
        assertThat(batch.get("errors").has("0")).isFalse();

        problem(store.post("/streams/s-1", "[]"), 422);
        problem(store.post("/streams/s-1", "\"text\""), 422);
        problem(store.post("/streams/s-1", "{\"type\":7,\"data\":{}}"), 422);
        assertThat(store.get("/streams/s-1").statusCode()).isEqualTo(404);
    }

    @Test
    void a_repeated_id_in_one_request_is_422() {
        var id = "00000000-0000-4000-8000-000000000001";
        var body = "[{\"id\":\"" + id + "\",\"type\":\"A\",\"data\":{}},{\"id\":\"" + id + "\",\"type\":\"A\",\"data\":{}}]";
        assertThat(json(problem(store.post("/streams/s-1", body), 422)).at("/errors/1/id").asText()).isEqualTo("repeats the id of event 0");
    }

    @Test
    void text_that_is_not_unicode_is_422() {
        problem(store.post("/streams/s-1", "{\"type\":\"A\",\"data\":{\"s\":\"\\ud800\"}}"), 422);
    }

    @Test
    void bad_stream_names_are_400() {
        problem(store.post("/streams/has%20space", "{\"type\":\"A\",\"data\":{}}"), 400);
        problem(store.post("/streams/-leading", "{\"type\":\"A\",\"data\":{}}"), 400);
        problem(store.post("/streams/" + "x".repeat(201), "{\"type\":\"A\",\"data\":{}}"), 400);
        problem(store.post("/streams/a%2Fb", "{\"type\":\"A\",\"data\":{}}"), 400);
        problem(store.get("/streams/semi;colon"), 400);
    }

    @Test
    void bad_query_parameters_are_400_naming_them() {
        assertThat(json(problem(store.post("/streams/s-1?expected_version=soon", "{\"type\":\"A\",\"data\":{}}"), 400)).get("detail").asText())
                .contains("expected_version");
        problem(store.post("/streams/s-1?expected_version=-1", "{\"type\":\"A\",\"data\":{}}"), 400);
        assertThat(json(problem(store.get("/events?from_position=x"), 400)).get("detail").asText()).contains("from_position");
        problem(store.get("/events?from_position=-3"), 400);
        problem(store.get("/events?limit=0"), 400);
        problem(store.get("/events?limit=99999999999999999999"), 400);
        problem(store.get("/events?since=yesterday"), 400);
        problem(store.get("/events?type=bad%20type"), 400);
        problem(store.get("/events?category=a-b"), 400);
        problem(store.get("/streams/s-1?direction=sideways"), 400);
        problem(store.get("/streams/s-1?from_version=-1"), 400);
        problem(store.get("/events?limit=1&limit=2"), 400);
    }

    @Test
    void a_body_over_10_mb_is_413() {
        var big = "{\"type\":\"A\",\"data\":{\"s\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}}";
        problem(store.post("/streams/s-1", big), 413);
    }

    @Test
    void a_body_over_10_mb_without_a_length_is_413() {
        var big = "{\"type\":\"A\",\"data\":{\"s\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}}";
        var chunked = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(big));   // no Content-Length
        problem(store.send(HttpRequest.newBuilder(store.uri("/streams/s-1")).header("Content-Type", "application/json").POST(chunked)), 413);
    }

    @Test
    void audit_of_a_bad_resource_name_is_400() {
        problem(store.get("/api/audit/Posts/1"), 400);
        problem(store.get("/api/audit/posts/bad%20id"), 400);
    }

    @Test
    void subscribe_over_plain_http_is_400_saying_it_is_a_websocket() {
        assertThat(json(problem(store.get("/subscribe"), 400)).get("detail").asText()).contains("WebSocket");
    }
}
