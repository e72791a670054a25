package io.dbbasic.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.json.Json;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The common bootstrap over real HTTP: health, metrics, problem bodies, JSON dates, pages. */
class ServiceTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicReference<List<String>> problems = new AtomicReference<>(List.of());
    private Javalin app;

    record Stamp(Instant at) {}

    @BeforeEach
    void start(@TempDir Path dir) {
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", dir.resolve("app").toString(), "DBBASIC_DATA_DIR", dir.resolve("data").toString()));
        app = Service.create("test-service", env, wiring -> {
            wiring.health().register(problems::get);
            wiring.routes().get("/", wiring.pages().about("Test service", "It <b>tests</b>."));
            wiring.routes().get("/stamp", ctx -> ctx.json(new Stamp(Instant.parse("2026-11-25T20:00:00Z"))));
            wiring.routes().post("/echo", ctx -> ctx.json(ctx.bodyAsClass(Map.class)));
            wiring.routes().get("/invalid", ctx -> {
                throw new ValidationFailed(Map.of("title", "is required"));
            });
            wiring.routes().get("/conflict", ctx -> {
                throw new Conflict("wrong expected version", Map.of("expected", 3, "actual", 5));
            });
            wiring.routes().get("/boom", ctx -> {
                throw new IllegalStateException("secret internals");
            });
        }).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + app.port() + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.newMapper().readTree(response.body());
    }

    @Test
    void health_reports_up_with_version_and_uptime() throws Exception {
        var response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        var body = json(response);
        assertThat(body.get("service").asText()).isEqualTo("test-service");
        assertThat(body.get("status").asText()).isEqualTo("up");
        assertThat(body.get("version").asText()).isNotBlank();
        assertThat(body.get("uptime_s").isIntegralNumber()).isTrue();
        assertThat(body.has("problems")).isFalse();
    }

    @Test
    void health_is_degraded_with_the_problems_a_check_reports() throws Exception {
        problems.set(List.of("posts.yaml:3:5: unknown type"));

        var body = json(get("/health"));

        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.get("problems").get(0).asText()).isEqualTo("posts.yaml:3:5: unknown type");
    }

    @Test
    void metrics_are_prometheus_text_and_count_requests_by_route() throws Exception {
        get("/stamp");

        var response = get("/metrics");

        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
        assertThat(response.body()).contains("# TYPE ").contains("jvm_memory_used_bytes")
                .containsPattern("http_server_requests_seconds_count\\{.*route=\"/stamp\".*\\} 1");
    }

    @Test
    void json_dates_are_iso_8601() throws Exception {
        assertThat(get("/stamp").body()).isEqualTo("{\"at\":\"2026-11-25T20:00:00Z\"}");
    }

    @Test
    void an_unknown_path_is_a_404_problem() throws Exception {
        var response = get("/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json(response).get("detail").asText()).isEqualTo("nothing is served at GET /no/such/thing");
    }

    @Test
    void validation_failures_carry_per_field_errors() throws Exception {
        var response = get("/invalid");

        assertThat(response.statusCode()).isEqualTo(422);
        var body = json(response);
        assertThat(body.get("title").asText()).isEqualTo("Validation failed");
        assertThat(body.get("detail").asText()).isEqualTo("1 field is invalid");
        assertThat(body.get("errors").get("title").asText()).isEqualTo("is required");
    }

    @Test
    void a_conflict_carries_its_extension_members() throws Exception {
        var body = json(get("/conflict"));

        assertThat(body.get("status").asInt()).isEqualTo(409);
        assertThat(body.get("expected").asInt()).isEqualTo(3);
        assertThat(body.get("actual").asInt()).isEqualTo(5);
    }

    @Test
    void an_unexpected_failure_is_a_500_problem_without_internals() throws Exception {
        var response = get("/boom");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret internals").doesNotContain("IllegalStateException").doesNotContain("at io.");
        assertThat(json(response).get("detail").asText()).startsWith("the server failed on its own; it is logged as ");
    }

    @Test
    void malformed_json_is_a_400_that_says_where() throws Exception {
        var response = client.send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asText()).startsWith("the body is not valid JSON at line 1");
    }

    @Test
    void a_body_over_the_limit_is_a_413_problem() throws Exception {
        var body = "{\"x\":\"" + "a".repeat((int) Service.MAX_REQUEST_BYTES) + "\"}";
        var response = client.send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
    }

    @Test
    void pages_have_the_shared_top_bar_and_escape_text() throws Exception {
        var page = get("/").body();

        assertThat(page).contains("id=\"dbbasic-topbar\"")
                .contains("href=\"http://localhost:8004/\"").contains("href=\"http://localhost:8005/\"")
                .contains("href=\"http://localhost:8003/\"").contains("href=\"http://localhost:8006/\"")
                .contains("It &lt;b&gt;tests&lt;/b&gt;.")
                .contains("/webjars/bootstrap/");
    }
}
