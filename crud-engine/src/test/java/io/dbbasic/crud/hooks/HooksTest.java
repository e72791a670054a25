package io.dbbasic.crud.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.RunningApp;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks on the write path against a stand-in for the AI service builder's invoke endpoint (a real HTTP
 * server on a free port that answers as the contract says): change, veto, fail closed, retry, dead letters.
 */
class HooksTest {
    private static final String ORDERS = """
            resource: orders
            fields:
              item: {type: string, required: true}
              total: {type: decimal, precision: 10, scale: 2}
              note: {type: string}
            permissions: {create: public, read: public, update: public, delete: public}
            hooks:
              before_create: [add_tax, check_item]
              after_create: notify
            """;

    private static final String TICKETS = """
            resource: tickets
            fields:
              code: {type: string, required: true, pattern: "[A-Z]+"}
              state: {type: select, options: [open, closed]}
              score: {type: integer, default: 0, ui: {readonly: true}}
            permissions: {create: public, read: public, update: public, delete: public}
            hooks:
              before_create: normalise_ticket
            """;

    @TempDir Path root;
    private static final String ADMIN_PASSWORD = "Hooks-Test-Secret-1";
    private final BlockingQueue<JsonNode> calls = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();
    private Javalin builder;
    private RunningApp crud;
    private volatile boolean notifyFails;

    private void start(boolean withBuilder) throws IOException {
        var builderPort = 0;
        if (withBuilder) {
            builder = Javalin.create(config -> config.routes.post("/api/services/{name}/invoke", ctx -> {
                var body = Json.newMapper().readTree(ctx.body());
                calls.add(body);
                authorizations.add(String.valueOf(ctx.header("Authorization")));
                var record = (com.fasterxml.jackson.databind.node.ObjectNode) body.get("record");
                switch (ctx.pathParam("name")) {
                    case "add_tax" -> {
                        record.put("total", record.get("total").decimalValue().multiply(new java.math.BigDecimal("1.10")).setScale(2));
                        ctx.json(Map.of("action", "continue", "record", record));
                    }
                    case "check_item" -> {
                        if (record.get("item").asText().equals("forbidden")) {
                            ctx.json(Map.of("action", "reject", "message", "forbidden items are not sold", "errors", Map.of("item", "is not sold")));
                        } else {
                            record.put("note", "checked after tax " + record.get("total").asText());
                            ctx.json(Map.of("action", "continue", "record", record));
                        }
                    }
                    case "notify" -> {
                        if (notifyFails) {
                            ctx.status(503).json(Map.of("detail", "stopped"));
                        } else {
                            ctx.json(Map.of("action", "continue", "record", record));
                        }
                    }
                    case "normalise_ticket" -> {
                        record.put("code", record.path("code").asText("auto").toUpperCase(java.util.Locale.ROOT));
                        if (record.hasNonNull("state")) {
                            record.put("state", record.get("state").asText().toLowerCase(java.util.Locale.ROOT));
                        }
                        record.put("score", record.get("score").asInt() + 5);
                        ctx.json(Map.of("action", "continue", "record", record));
                    }
                    default -> ctx.status(404).json(Map.of("detail", "no such service"));
                }
            })).start(0);
            builderPort = builder.port();
        } else {
            try (var socket = new java.net.ServerSocket(0)) {
                builderPort = socket.getLocalPort();   // nothing listens here once closed
            }
        }
        var app = root.resolve("app");
        Files.createDirectories(app);
        Files.writeString(app.resolve("orders.yaml"), ORDERS);
        Files.writeString(app.resolve("tickets.yaml"), TICKETS);
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", app.toString(), "DBBASIC_DATA_DIR", root.resolve("data").toString(),
                "DBBASIC_AI_PORT", Integer.toString(builderPort), "DBBASIC_EVENTS_PORT", Integer.toString(FreePorts.pick(1).get(0)),
                "DBBASIC_TASK_MAX_ATTEMPTS", "2", "DBBASIC_TASK_RETRY_MS", "50", "DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD));
        crud = RunningApp.start(CrudEngineApp.create(env));
        var login = crud.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        crud = crud.withHeader("Authorization", "Bearer " + json(login.body()).get("token").asText());   // the task queue is admin's
    }

    @AfterEach
    void stop() {
        if (crud != null) {
            crud.close();
        }
        if (builder != null) {
            builder.stop();
        }
    }

    private JsonNode json(String text) throws IOException {
        return Json.newMapper().readTree(text);
    }

    @Test
    void before_hooks_chain_and_change_the_stored_record() throws Exception {
        start(true);

        var created = crud.post("/api/orders", "{\"item\":\"book\",\"total\":10}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var record = json(created.body());
        assertThat(record.get("total").decimalValue()).isEqualByComparingTo("11.00");
        assertThat(record.get("note").asText()).as("the second hook saw the first one's change").isEqualTo("checked after tax 11");
        assertThat(json(crud.get("/api/orders/" + record.get("id").asLong()).body()).get("total").decimalValue()).isEqualByComparingTo("11.00");
        var first = calls.poll(5, TimeUnit.SECONDS);
        assertThat(first.get("event").asText()).isEqualTo("before_create");
        assertThat(first.get("resource").asText()).isEqualTo("orders");
        assertThat(first.get("previous").isNull()).isTrue();
        var token = authorizations.poll(5, TimeUnit.SECONDS).substring("Bearer ".length());
        assertThat(new Tokens(SigningKey.loadOrCreate(root.resolve("data")), Clock.systemUTC()).verify(token))
                .as("the builder needs an account: hooks are called with the crud-engine's service token")
                .isInstanceOfSatisfying(TokenClaims.Service.class, claims -> assertThat(claims.service()).isEqualTo("crud-engine"));
    }

    @Test
    void field_rules_apply_to_what_the_hooks_return_and_hooks_set_read_only_fields() throws Exception {
        start(true);

        var fixed = json(crud.post("/api/tickets", "{\"code\":\"abc\",\"state\":\"OPEN\",\"score\":99}").body());
        assertThat(fixed.get("code").asText()).as("the pattern is checked after the hook upper-cased it").isEqualTo("ABC");
        assertThat(fixed.get("state").asText()).isEqualTo("open");
        assertThat(fixed.get("score").asInt()).as("the client's value is ignored, the default and the hook's change are kept").isEqualTo(5);
        assertThat(json(crud.post("/api/tickets", "{}").body()).get("code").asText()).as("a hook may fill a required field").isEqualTo("AUTO");

        var wrongType = crud.post("/api/tickets", "{\"code\":5}");
        assertThat(wrongType.statusCode()).isEqualTo(422);
        assertThat(json(wrongType.body()).get("errors").get("code").asText()).isEqualTo("must be text");
        var stillInvalid = crud.post("/api/tickets", "{\"code\":\"a-b\"}");
        assertThat(stillInvalid.statusCode()).as("the hook's result is checked in full").isEqualTo(422);
        assertThat(json(stillInvalid.body()).get("errors").has("code")).isTrue();
    }

    @Test
    void a_veto_is_a_422_with_the_hooks_message_and_nothing_is_written() throws Exception {
        start(true);

        var refused = crud.post("/api/orders", "{\"item\":\"forbidden\",\"total\":1}");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json(refused.body()).get("detail").asText()).isEqualTo("forbidden items are not sold");
        assertThat(json(refused.body()).get("errors").get("item").asText()).isEqualTo("is not sold");
        assertThat(json(crud.get("/api/orders").body()).get("total").asLong()).isZero();
    }

    @Test
    void with_the_builder_down_a_write_with_before_hooks_is_a_503_and_writes_nothing() throws Exception {
        start(false);

        var refused = crud.post("/api/orders", "{\"item\":\"book\",\"total\":1}");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(crud.get("/api/orders").body()).get("total").asLong()).isZero();
    }

    @Test
    void a_failing_after_hook_is_retried_then_dead_lettered_and_the_write_stays() throws Exception {
        notifyFails = true;
        start(true);

        var created = crud.post("/api/orders", "{\"item\":\"pen\",\"total\":2}");
        assertThat(created.statusCode()).isEqualTo(201);

        Await.until("the after-hook is dead-lettered", Duration.ofSeconds(10),
                () -> crud.get("/api/system/tasks?status=dead").body().contains("\"notify\""));
        var dead = json(crud.get("/api/system/tasks?status=dead").body()).get("tasks").get(0);
        assertThat(dead.get("attempts").asInt()).isEqualTo(2);
        assertThat(dead.get("last_error").asText()).contains("notify");
        assertThat(json(crud.get("/api/orders").body()).get("total").asLong()).isEqualTo(1);

        notifyFails = false;
        assertThat(crud.post("/api/system/tasks/" + dead.get("id").asLong() + "/retry", "").statusCode()).isEqualTo(200);
        Await.until("the retried hook is done", Duration.ofSeconds(10),
                () -> crud.get("/api/system/tasks?status=done").body().contains("\"notify\""));
    }

    @Test
    void models_lists_hooks_with_no_active_service_as_missing() throws Exception {
        start(false);

        var models = json(crud.get("/api/models").body());

        assertThat(models.get("resources").get(0).get("missing_hooks")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("add_tax", "check_item", "notify");
    }
}
