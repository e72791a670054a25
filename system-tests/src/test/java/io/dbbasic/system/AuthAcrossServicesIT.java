package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §9 across the four real service processes of one stack: a token the crud-engine issues is
 * accepted by the event store, the monitor and the AI builder (as Bearer and as the shared cookie); a
 * forged or expired one is refused by all four; a logout and a revoked API token reach the others;
 * /health and /metrics stay public; browsers without a session go to the crud-engine's login.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthAcrossServicesIT {
    private static final String ADMIN_PASSWORD = "System-Test-Secret-3";
    /** What each service serves only to an authenticated caller. */
    private static final Map<String, String> PROTECTED = Map.of(
            "crud-engine", "/api/auth/me", "event-store", "/events",
            "realtime-monitor", "/api/services", "ai-service-builder", "/api/services");
    /** CONTRACT §9 allows 60 s; the services re-read the shared state every 2 s. */
    private static final Duration REVOCATION = Duration.ofSeconds(20);

    @TempDir static Path temp;
    private Stack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() {
        stack = Stack.in(temp, Map.of("DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD));
        var started = stack.dbbasic("start", "-d");
        assertThat(started.exitCode()).as(started.toString()).isZero();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private HttpResponse<String> send(String service, String method, String path, String body, String... headers) {
        var request = HttpRequest.newBuilder(stack.uri(service, path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (var i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String service, String token) {
        return send(service, "GET", PROTECTED.get(service), null, "Authorization", "Bearer " + token).statusCode();
    }

    private JsonNode login() {
        var reply = send("crud-engine", "POST", "/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return json(reply.body());
    }

    @Test
    void a_crud_engine_token_is_accepted_everywhere_and_a_forged_or_expired_one_nowhere() {
        var token = login().get("token").asText();
        var key = SigningKey.loadOrCreate(stack.dataDir());
        var past = new Tokens(key, Clock.fixed(Instant.now().minus(Duration.ofHours(13)), ZoneOffset.UTC));
        var expired = past.issue(new TokenClaims.Session(1, "admin", List.of("admin"), "e".repeat(43), past.now().plus(Duration.ofHours(12))));
        var forged = token.substring(0, token.lastIndexOf('.') + 1) + "forged-signature";

        for (var service : Stack.SERVICES) {
            assertThat(status(service, token)).as(service + " accepts the crud-engine's token").isEqualTo(200);
            assertThat(status(service, forged)).as(service + " refuses a forged token").isEqualTo(401);
            assertThat(status(service, expired)).as(service + " refuses an expired token").isEqualTo(401);
            assertThat(status(service, "forged.token.value")).as(service + " refuses garbage").isEqualTo(401);
            assertThat(send(service, "GET", PROTECTED.get(service), null).statusCode()).as(service + " without credentials").isEqualTo(401);
            assertThat(send(service, "GET", PROTECTED.get(service), null, "X-User", "administrator").statusCode())
                    .as(service + " ignores X-User").isEqualTo(401);
            assertThat(send(service, "GET", "/health", null).statusCode()).as(service + " /health is public").isEqualTo(200);
            assertThat(send(service, "GET", "/metrics", null).statusCode()).as(service + " /metrics is public").isEqualTo(200);
        }
        assertThat(send("static", "GET", "/mockups.html", null).statusCode()).as("the static site stays public").isEqualTo(200);
    }

    @Test
    void the_crud_engines_cookie_signs_a_browser_in_to_the_other_services_and_none_goes_to_its_login() {
        var cookie = "dbbasic_session=" + login().get("token").asText();
        for (var service : List.of("event-store", "realtime-monitor", "ai-service-builder")) {
            var page = send(service, "GET", "/", null, "Accept", "text/html");
            assertThat(page.statusCode()).as(service).isEqualTo(302);
            assertThat(page.headers().firstValue("Location")).as(service).hasValueSatisfying(location -> assertThat(location)
                    .startsWith("http://localhost:" + stack.port("crud-engine") + "/login?next=")
                    .contains("%3A" + stack.port(service) + "%2F"));
            assertThat(send(service, "GET", "/", null, "Accept", "text/html", "Cookie", cookie).statusCode()).as(service + " with the cookie").isEqualTo(200);
        }
    }

    @Test
    void a_logout_and_a_revoked_api_token_reach_the_other_services() {
        var admin = login().get("token").asText();
        var created = send("crud-engine", "POST", "/api/auth/tokens", "{\"name\":\"ci\"}", "Authorization", "Bearer " + admin);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        var apiToken = json(created.body()).get("token").asText();
        Await.until("the event store knows the new API token", REVOCATION, () -> status("event-store", apiToken) == 200);

        var session = login().get("token").asText();
        assertThat(status("realtime-monitor", session)).isEqualTo(200);
        assertThat(send("crud-engine", "POST", "/api/auth/logout", null, "Authorization", "Bearer " + session).statusCode()).isEqualTo(204);
        assertThat(send("crud-engine", "DELETE", "/api/auth/tokens/" + json(created.body()).get("id").asLong(), null,
                "Authorization", "Bearer " + admin).statusCode()).isEqualTo(204);

        assertThat(status("crud-engine", session)).as("at once at the crud-engine").isEqualTo(401);
        for (var service : List.of("event-store", "realtime-monitor", "ai-service-builder")) {
            Await.until(service + " refuses the ended session and the revoked token", REVOCATION,
                    () -> status(service, session) == 401 && status(service, apiToken) == 401);
        }
    }

    @Test
    void services_call_each_other_with_service_tokens() {
        var admin = login().get("token").asText();
        // the crud-engine reports its requests to the monitor (POST /api/activity needs an account: its service token)
        Await.until("the monitor lists the crud-engine's login", REVOCATION, () -> send("realtime-monitor", "GET",
                "/api/activity?service=crud-engine&type=request&limit=200", null, "Authorization", "Bearer " + admin).body().contains("/api/auth/login"));
        // the AI builder reads /api/models (it needs an account) with its service token, not from the app folder
        assertThat(send("crud-engine", "GET", "/api/models", null).statusCode()).isEqualTo(401);
        var builderHome = send("ai-service-builder", "GET", "/", null, "Authorization", "Bearer " + admin);
        assertThat(builderHome.statusCode()).isEqualTo(200);
        assertThat(builderHome.body()).contains("models from <span>crud-engine</span>");
    }

    private static JsonNode json(String text) {
        try {
            return Json.newMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
