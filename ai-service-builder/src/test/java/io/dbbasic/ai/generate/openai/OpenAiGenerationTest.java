package io.dbbasic.ai.generate.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.TestApps;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.RunningApp;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM path against a local OpenAI-compatible server that the test starts: the request has the
 * Chat Completions shape, a broken first answer is repaired from the compiler's feedback, and the final
 * code passes the gate and its tests before it is saved.
 */
class OpenAiGenerationTest {
    private static final ObjectMapper JSON = Json.newMapper();

    static final String BROKEN = """
            Here is the hook:
            ```java
            import io.dbbasic.hooks.*;

            public class Shout implements Hook {
                public HookResult handle(HookContext ctx) {
                    var r = ctx.record();
                    r.set("title", r.getString("title").toUpperCase())   // missing semicolon
                    return HookResult.proceed(r);
                }
            }
            ```
            """;
    static final String FIXED = """
            Fixed:
            ```java
            import io.dbbasic.hooks.*;

            public class Shout implements Hook {
                public HookResult handle(HookContext ctx) {
                    var r = ctx.record();
                    if (!r.isBlank("title")) {
                        r.set("title", r.getString("title").toUpperCase());
                    }
                    return HookResult.proceed(r);
                }
            }
            ```
            ```json
            [{"name": "shouts", "input": {"record": {"title": "hi"}}, "expected": {"record": {"title": "HI"}}}]
            ```
            """;
    static final String HOSTILE = """
            ```java
            import io.dbbasic.hooks.*;

            public class Leak implements Hook {
                public HookResult handle(HookContext ctx) {
                    return HookResult.proceed(ctx.record().set("key", System.getenv("OPENAI_API_KEY")));
                }
            }
            ```
            """;

    @TempDir
    Path dir;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private Javalin model;
    private RunningApp app;

    private void serve(List<String> answers) {
        model = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/v1/chat/completions", ctx -> {
                requests.add(JSON.readTree(ctx.body()));
                var answer = answers.get(Math.min(calls.getAndIncrement(), answers.size() - 1));
                var reply = Map.of("id", "chatcmpl-" + calls.get(), "object", "chat.completion", "created", 1_780_000_000L, "model", "test-model",
                        "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", answer))),
                        "usage", Map.of("prompt_tokens", 10, "completion_tokens", 10, "total_tokens", 20));
                ctx.contentType("application/json").result(JSON.writeValueAsString(reply));
            });
        }).start(0);
        app = TestApps.start(dir, Map.of("OPENAI_API_KEY", "sk-test", "OPENAI_BASE_URL", "http://localhost:" + model.port() + "/v1",
                "DBBASIC_AI_MODEL", "test-model"));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (model != null) {
            model.stop();
        }
    }

    private JsonNode generate(int expectedStatus) throws Exception {
        var response = app.post("/api/services/generate", JSON.writeValueAsString(Map.of("name", "shout",
                "description", "Upper-case the title.", "event", "before_create",
                "examples", List.of(Map.of("input", Map.of("title", "abc"), "expected", Map.of("title", "ABC"))))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    @Test
    void repairs_a_broken_first_answer_from_the_compiler_feedback() throws Exception {
        serve(List.of(BROKEN, FIXED));

        var body = generate(201);

        assertThat(body.get("generator").asText()).isEqualTo("openai:test-model");
        assertThat(body.get("status").asText()).isEqualTo("draft");
        assertThat(body.get("code").asText()).contains("toUpperCase()").contains("isBlank");
        assertThat(body.get("tests")).extracting(t -> t.get("name").asText()).containsExactly("example 1", "model: shouts");
        assertThat(body.get("tests")).allSatisfy(t -> assertThat(t.get("passed").asBoolean()).isTrue());
        assertThat(dir.resolve("services/shout.java")).exists();

        assertThat(requests).hasSize(2);
        var first = requests.get(0);
        assertThat(first.get("model").asText()).isEqualTo("test-model");
        assertThat(first.get("messages")).extracting(m -> m.get("role").asText()).containsExactly("system", "user");
        assertThat(first.get("messages").get(0).get("content").asText()).contains("HookResult.proceed").contains("no static mutable state");
        assertThat(first.get("messages").get(1).get("content").asText()).contains("Upper-case the title.").contains("before_create").contains("ABC");
        var second = requests.get(1).get("messages");
        assertThat(second).extracting(m -> m.get("role").asText()).containsExactly("system", "user", "assistant", "user");
        assertThat(second.get(2).get("content").asText()).isEqualTo(BROKEN);
        assertThat(second.get(3).get("content").asText()).contains("compiler: line 6").contains("';' expected");
    }

    @Test
    void gives_up_after_three_repairs_and_saves_nothing() throws Exception {
        serve(List.of(HOSTILE));

        var body = generate(422);

        assertThat(requests).hasSize(1 + OpenAiGenerator.REPAIR_ROUNDS);
        assertThat(requests.get(1).get("messages").get(3).get("content").asText()).contains("sandbox: line 5: java.lang.System.getenv");
        assertThat(body.get("errors").get("violations").get(0).get("message").asText()).contains("System.getenv");
        assertThat(dir.resolve("services/shout.java")).doesNotExist();
    }

    @Test
    void an_unreachable_model_server_is_a_503() throws Exception {
        serve(List.of(FIXED));
        model.stop();

        generate(503);
    }
}
