package io.dbbasic.ai.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.TestApps;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.RunningApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The endpoints of CONTRACT §6 over real HTTP, with services in a temp folder. */
class ServiceApiTest {
    static final String UPPER = """
            import io.dbbasic.hooks.*;

            public class Upper implements Hook {
                public HookResult handle(HookContext ctx) {
                    var r = ctx.record();
                    if (r.isBlank("title")) {
                        return HookResult.reject("a title is needed").error("title", "is required");
                    }
                    return HookResult.proceed(r.set("title", r.getString("title").toUpperCase()));
                }
            }
            """;
    static final List<Map<String, Object>> TESTS = List.of(
            Map.of("name", "upper-cases", "input", Map.of("record", Map.of("title", "hi")),
                    "expected", Map.of("action", "continue", "record", Map.of("title", "HI"))),
            Map.of("name", "needs a title", "input", Map.of("record", Map.of()),
                    "expected", Map.of("action", "reject", "errors", Map.of("title", "is required"))));

    private final ObjectMapper json = Json.newMapper();
    @TempDir
    Path dir;
    private RunningApp app;

    @BeforeEach
    void start() {
        app = TestApps.start(dir);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> put(String path, Object body) throws Exception {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private HttpResponse<String> post(String path, Object body) throws Exception {
        return app.post(path, body instanceof String s ? s : json.writeValueAsString(body));
    }

    private JsonNode read(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    @Test
    void saves_a_draft_tests_activates_invokes_and_deletes() throws Exception {
        var saved = put("/api/services/upper", Map.of("code", UPPER, "description", "Upper-cases the title", "tests", TESTS));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(read(saved).get("status").asText()).isEqualTo("draft");
        assertThat(Files.readString(dir.resolve("services/upper.yaml"))).contains("status: draft").contains("upper-cases");
        assertThat(Files.readString(dir.resolve("services/upper.java"))).isEqualTo(UPPER);

        var notLive = post("/api/services/upper/invoke", Map.of("event", "before_create", "record", Map.of("title", "x")));
        assertThat(notLive.statusCode()).isEqualTo(404);

        var tested = read(post("/api/services/upper/test", "{}"));
        assertThat(tested.get("passed").asBoolean()).isTrue();
        assertThat(tested.get("tests")).hasSize(2);

        var activated = post("/api/services/upper/activate", "{}");
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(read(activated).get("status").asText()).isEqualTo("active");

        var invoked = post("/api/services/upper/invoke", Map.of("event", "before_create", "resource", "posts",
                "record", Map.of("title", "hello", "views", 3), "previous", Map.of(), "user", Map.of("id", 1, "username", "ada", "roles", List.of("admin"))));
        assertThat(invoked.statusCode()).isEqualTo(200);
        assertThat(read(invoked)).isEqualTo(json.readTree("{\"action\":\"continue\",\"record\":{\"title\":\"HELLO\",\"views\":3}}"));

        var rejected = read(post("/api/services/upper/invoke", Map.of("event", "before_create", "record", Map.of())));
        assertThat(rejected).isEqualTo(json.readTree("{\"action\":\"reject\",\"message\":\"a title is needed\",\"errors\":{\"title\":\"is required\"}}"));

        var shown = read(app.get("/api/services/upper"));
        assertThat(shown.get("metrics").get("calls").asLong()).isEqualTo(2);
        assertThat(shown.get("tests").get(0).get("name").asText()).isEqualTo("upper-cases");
        assertThat(shown.get("used_by").isArray()).isTrue();
        assertThat(read(app.get("/api/services"))).hasSize(1);

        var deleted = app.send(HttpRequest.newBuilder(app.uri("/api/services/upper")).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(dir.resolve("services/upper.java")).doesNotExist();
        assertThat(app.get("/api/services/upper").statusCode()).isEqualTo(404);
    }

    @Test
    void refuses_hostile_code_at_save_with_each_violation_and_its_line() throws Exception {
        var code = UPPER.replace("var r = ctx.record();", "var r = ctx.record(); System.exit(1);");

        var response = put("/api/services/evil", Map.of("code", code, "description", "x", "tests", List.of()));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        var violations = read(response).get("errors").get("violations");
        assertThat(violations.get(0).get("message").asText()).contains("java.lang.System.exit");
        assertThat(violations.get(0).get("line").asInt()).isEqualTo(5);
        assertThat(dir.resolve("services/evil.java")).doesNotExist();
    }

    @Test
    void reports_compiler_errors_with_lines() throws Exception {
        var response = put("/api/services/broken", Map.of("code", UPPER.replace("toUpperCase()", "toUpperCase("), "tests", List.of()));

        assertThat(response.statusCode()).isEqualTo(422);
        var compiler = read(response).get("errors").get("compiler");
        assertThat(compiler.get(0).get("line").asInt()).isEqualTo(9);
    }

    @Test
    void an_active_service_keeps_serving_when_an_edit_fails_its_tests() throws Exception {
        put("/api/services/upper", Map.of("code", UPPER, "description", "d", "tests", TESTS));
        post("/api/services/upper/activate", "{}");

        var edit = put("/api/services/upper", Map.of("code", UPPER.replace("toUpperCase()", "toLowerCase()"), "description", "d", "tests", TESTS));

        assertThat(edit.statusCode()).isEqualTo(422);
        assertThat(read(edit).get("errors").get("tests").get(0).get("name").asText()).isEqualTo("upper-cases");
        var invoked = read(post("/api/services/upper/invoke", Map.of("event", "before_create", "record", Map.of("title", "a"))));
        assertThat(invoked.get("record").get("title").asText()).isEqualTo("A");
    }

    @Test
    void activation_is_refused_while_tests_fail() throws Exception {
        var failing = List.of(Map.<String, Object>of("name", "wrong", "input", Map.of("record", Map.of("title", "a")),
                "expected", Map.of("record", Map.of("title", "b"))));
        put("/api/services/upper", Map.of("code", UPPER, "description", "d", "tests", failing));

        var response = post("/api/services/upper/activate", "{}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(read(response).get("errors").get("tests").get(0).get("failure").asText()).contains("title: expected \"b\", got \"A\"");
        assertThat(read(app.get("/api/services/upper")).get("status").asText()).isEqualTo("draft");
    }

    @Test
    void answers_bad_requests_with_problem_bodies() throws Exception {
        assertThat(post("/api/services/upper/invoke", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(post("/api/services/Bad-Name/invoke", "{}").statusCode()).isEqualTo(400);
        assertThat(put("/api/services/x", Map.of("description", "no code")).statusCode()).isEqualTo(422);
        assertThat(app.send(HttpRequest.newBuilder(app.uri("/api/services/x")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{not json"))).statusCode()).isEqualTo(400);
        assertThat(post("/api/services/nothing/activate", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void reloads_a_service_when_its_files_change_on_disk() throws Exception {
        var services = dir.resolve("services");
        Files.writeString(services.resolve("shout.java"), UPPER);
        Files.writeString(services.resolve("shout.yaml"), """
                description: Shouts
                status: active
                tests:
                  - name: shouts
                    input: {record: {title: hey}}
                    expected: {record: {title: HEY}}
                """);
        Await.until("shout is active", Duration.ofSeconds(20), () -> app.get("/api/services/shout").body().contains("\"status\":\"active\""));

        Files.writeString(services.resolve("shout.java"), UPPER.replace("System", "").replace("toUpperCase()", "toUpperCase() + java.io.File.separator"));
        Await.until("shout is invalid", Duration.ofSeconds(20), () -> app.get("/api/services/shout").body().contains("\"status\":\"invalid\""));

        var shown = read(app.get("/api/services/shout"));
        assertThat(shown.get("violations").get(0).get("message").asText()).contains("java.io.File");
        assertThat(shown.get("serving").asBoolean()).isTrue();
        assertThat(read(app.get("/health")).get("status").asText()).isEqualTo("degraded");
    }
}
