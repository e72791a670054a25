package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hooks across real processes, as a user meets them: plain English becomes a draft in the AI service
 * builder, an activated draft changes or vetoes records the crud-engine writes, and with the builder
 * stopped a write that needs a before-hook fails closed. The tests run in order on one stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HooksEndToEndIT {
    private static final String ORDERS = """
            resource: orders
            fields:
              item: {type: string, required: true}
              subtotal: {type: decimal, precision: 10, scale: 2, required: true}
              amount: {type: decimal, precision: 10, scale: 2}
            permissions: {create: public, read: public, update: public, delete: public}
            hooks:
              before_create: [big_order_discount, approval_limit]
            """;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path temp;
    private Stack stack;
    private String admin;

    @BeforeAll
    void start_a_stack_with_an_orders_resource() throws IOException {
        stack = Stack.in(temp, Map.of("DBBASIC_SERVICES_DIR", temp.resolve("services").toString()));
        Files.createDirectories(stack.appDir());
        Files.writeString(stack.appDir().resolve("orders.yaml"), ORDERS);
        stack.start();
        admin = stack.adminAuthorization();   // generate and activate are admin's (CONTRACT §9)
    }

    @AfterAll
    void stop_the_stack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void a_generated_and_activated_before_hook_changes_the_stored_record() {
        var draft = call("ai-service-builder", "POST", "/api/services/generate", """
                {"name":"big_order_discount","description":"Apply a 10% discount when subtotal is over 100.","resource":"orders","event":"before_create"}""");
        assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
        assertThat(draft.body().get("status").asText()).isEqualTo("draft");
        assertThat(activate("big_order_discount").status()).isEqualTo(200);

        var created = call("crud-engine", "POST", "/api/orders", "{\"item\":\"desk\",\"subtotal\":200}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var stored = call("crud-engine", "GET", "/api/orders/" + created.body().get("id").asLong(), null);
        assertThat(stored.body().get("subtotal").decimalValue()).isEqualByComparingTo("180.00");
    }

    @Test
    @Order(2)
    void a_rejecting_hook_is_a_422_with_its_message_and_nothing_is_written() {
        var draft = call("ai-service-builder", "POST", "/api/services/generate", """
                {"name":"approval_limit","description":"Reject if amount is over 10,000 with message \\"Amounts over 10,000 need approval\\".","resource":"orders","event":"before_create"}""");
        assertThat(draft.status()).as(draft.toString()).isEqualTo(201);
        assertThat(activate("approval_limit").status()).isEqualTo(200);

        var refused = call("crud-engine", "POST", "/api/orders", "{\"item\":\"yacht\",\"subtotal\":50,\"amount\":20000}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.body().toString()).contains("Amounts over 10,000 need approval");
        assertThat(total("item=yacht")).isZero();
    }

    @Test
    @Order(3)
    void with_the_builder_stopped_a_write_needing_a_before_hook_is_a_503_and_writes_nothing() {
        var stopped = stack.dbbasic("stop", "ai-service-builder");
        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();

        var refused = call("crud-engine", "POST", "/api/orders", "{\"item\":\"lamp\",\"subtotal\":20}");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(total("item=lamp")).isZero();
    }

    private Reply activate(String name) {
        return call("ai-service-builder", "POST", "/api/services/" + name + "/activate", "{}");
    }

    private long total(String filter) {
        return call("crud-engine", "GET", "/api/orders?limit=1&" + filter, null).body().get("total").asLong();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    private Reply call(String service, String method, String path, String json) {
        var request = HttpRequest.newBuilder(URI.create(stack.uri(service, path).toString()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", admin)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            var body = response.body().isEmpty() ? null : Json.newMapper().readTree(response.body());
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new AssertionError("no answer from " + service + " to " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
