package io.dbbasic.common.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way a hook call ends, against a stand-in builder over real HTTP. */
class HookClientTest {
    private final AtomicReference<JsonNode> received = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private Javalin builder;
    private HookClient client;

    private static final HookCall CALL = new HookCall("before_create", "posts", Map.of("title", "Hi"), null,
            new HookCall.Caller(7, "ada", List.of("admin")));

    @BeforeEach
    void start() {
        var json = Json.newMapper();
        builder = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/api/services/{name}/invoke", ctx -> {
                received.set(json.readTree(ctx.body()));
                authorization.set(ctx.header("Authorization"));
                switch (ctx.pathParam("name")) {
                    case "slug" -> ctx.contentType("application/json").result("{\"action\":\"continue\",\"record\":{\"title\":\"Hi\",\"slug\":\"hi\"}}");
                    case "veto" -> ctx.contentType("application/json").result("{\"action\":\"reject\",\"message\":\"no\",\"errors\":{\"title\":\"is boring\"}}");
                    case "stopped" -> ctx.status(503).contentType("application/problem+json").result("{\"status\":503,\"detail\":\"the hook stopped: budget\"}");
                    case "garbage" -> ctx.result("<html>");
                    case "slow" -> {
                        release.await(10, TimeUnit.SECONDS);
                        ctx.result("{}");
                    }
                    default -> ctx.status(404).result("{\"status\":404}");
                }
            });
        }).start(0);
        client = new HookClient(URI.create("http://localhost:" + builder.port()), Duration.ofSeconds(2), json, () -> "Bearer service-token");
    }

    @AfterEach
    void stop() {
        release.countDown();
        builder.stop();
    }

    @Test
    void sends_the_contract_body_and_returns_the_changed_record() {
        var outcome = client.invoke("slug", CALL);

        assertThat(outcome).isEqualTo(new HookOutcome.Continue(Map.of("title", "Hi", "slug", "hi")));
        assertThat(received.get().toString()).isEqualTo(
                "{\"event\":\"before_create\",\"resource\":\"posts\",\"record\":{\"title\":\"Hi\"},\"previous\":null,"
                        + "\"user\":{\"id\":7,\"username\":\"ada\",\"roles\":[\"admin\"]}}");
        assertThat(authorization.get()).as("the builder needs an account: the service token").isEqualTo("Bearer service-token");
        assertThat(outcome.failsClosed()).isFalse();
    }

    @Test
    void maps_a_rejection_with_its_field_errors() {
        assertThat(client.invoke("veto", CALL)).isEqualTo(new HookOutcome.Reject("no", Map.of("title", "is boring")));
    }

    @Test
    void a_404_means_the_hook_is_missing() {
        var outcome = client.invoke("nobody", CALL);

        assertThat(outcome).isEqualTo(new HookOutcome.Missing("nobody"));
        assertThat(outcome.failsClosed()).isFalse();
    }

    @Test
    void a_stopped_hook_and_an_unusable_reply_fail_closed() {
        var stopped = client.invoke("stopped", CALL);
        var garbage = client.invoke("garbage", CALL);

        assertThat(stopped).isEqualTo(new HookOutcome.Failed("stopped", 503, "the hook stopped: budget"));
        assertThat(garbage).isInstanceOf(HookOutcome.Failed.class);
        assertThat(stopped.failsClosed()).isTrue();
        assertThat(garbage.failsClosed()).isTrue();
    }

    @Test
    void a_slow_builder_times_out() {
        var outcome = client.invoke("slow", CALL);

        assertThat(outcome).isEqualTo(new HookOutcome.TimedOut("slow", Duration.ofSeconds(2)));
        assertThat(outcome.failsClosed()).isTrue();
    }

    @Test
    void a_stopped_builder_is_unreachable() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var down = new HookClient(URI.create("http://localhost:" + port), Duration.ofMillis(500), Json.newMapper(), () -> "Bearer service-token");

        var outcome = down.invoke("slug", CALL);

        assertThat(outcome).isInstanceOf(HookOutcome.Unreachable.class);
        assertThat(outcome.failsClosed()).isTrue();
        assertThat(outcome.describe()).contains("unreachable");
    }
}
