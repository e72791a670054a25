package io.dbbasic.ai.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.TestApps;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.Logins;
import io.dbbasic.testing.RunningApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may use the builder (CONTRACT §6, §9): an account for everything but /health and /metrics; hook
 * calls for services and admins; changes to services for admins; a service's tests for any account.
 */
class AccessTest {
    private static final String INVOKE = "{\"event\":\"before_create\",\"resource\":\"posts\",\"record\":{\"title\":\"hi\"},\"previous\":null,\"user\":null}";

    private final ObjectMapper json = Json.newMapper();
    @TempDir Path dir;
    private RunningApp admin;
    private RunningApp user;
    private RunningApp service;
    private RunningApp anonymous;

    @BeforeEach
    void start() throws Exception {
        admin = TestApps.start(dir);
        var data = dir.resolve("data");
        user = admin.withHeader("Authorization", Logins.user(data, 7, "ursula"));
        service = admin.withHeader("Authorization", Logins.service(data, "crud-engine"));
        anonymous = admin.withoutDefaultHeaders();
        var saved = admin.request("PUT", "/api/services/upper", json.writeValueAsString(
                Map.of("code", ServiceApiTest.UPPER, "description", "Upper-cases the title", "tests", ServiceApiTest.TESTS)));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(admin.post("/api/services/upper/activate", "").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void anonymous_callers_get_401_and_browsers_go_to_the_crud_engines_login() {
        assertThat(anonymous.get("/api/services").statusCode()).isEqualTo(401);
        assertThat(anonymous.post("/api/services/upper/invoke", INVOKE).statusCode()).isEqualTo(401);
        var page = anonymous.request("GET", "/", null, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/login?next="));
        assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(anonymous.request("GET", "/api/services", null, "Authorization", "Bearer forged.token.value").statusCode()).isEqualTo(401);
    }

    @Test
    void a_user_reads_and_tests_but_changes_nothing_and_calls_no_hook() throws Exception {
        assertThat(user.get("/api/services").statusCode()).isEqualTo(200);
        assertThat(user.get("/").statusCode()).isEqualTo(200);
        assertThat(user.post("/api/services/upper/test", "").statusCode()).isEqualTo(200);

        assertThat(user.request("PUT", "/api/services/upper", json.writeValueAsString(Map.of("code", ServiceApiTest.UPPER))).statusCode())
                .isEqualTo(403);
        assertThat(user.post("/api/services/generate", "{\"name\":\"x\",\"description\":\"make the title upper case\"}").statusCode())
                .isEqualTo(403);
        assertThat(user.post("/api/services/upper/activate", "").statusCode()).isEqualTo(403);
        assertThat(user.request("DELETE", "/api/services/upper", null).statusCode()).isEqualTo(403);
        assertThat(user.post("/api/services/upper/invoke", INVOKE).statusCode()).isEqualTo(403);
    }

    @Test
    void the_crud_engines_service_token_calls_hooks_but_changes_no_service() {
        var called = service.post("/api/services/upper/invoke", INVOKE);
        assertThat(called.statusCode()).as(called.body()).isEqualTo(200);
        assertThat(called.body()).contains("\"HI\"");
        assertThat(service.request("DELETE", "/api/services/upper", null).statusCode()).isEqualTo(403);
        assertThat(admin.post("/api/services/upper/invoke", INVOKE).statusCode()).as("an admin may call a hook by hand").isEqualTo(200);
    }
}
