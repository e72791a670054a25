package io.dbbasic.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service other than the crud-engine behind {@link ServiceAuth#requireLogin}, over real HTTP. */
class ServiceAuthTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin app;
    private Tokens tokens;
    private ServiceAuth auth;
    private Path dataDir;

    @BeforeEach
    void start(@TempDir Path dir) {
        dataDir = dir.resolve("data");
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", dir.resolve("app").toString(), "DBBASIC_DATA_DIR", dataDir.toString(),
                "DBBASIC_CRUD_PORT", "18005"));
        // what the crud-engine does: it writes the shared state; this service reads it with no delay
        auth = ServiceAuth.create(env, "event-store", Clock.systemUTC(), Set.of(),
                new SharedCredentials(new AuthStateFile(dataDir, Clock.systemUTC(), Duration.ZERO), Clock.systemUTC()));
        tokens = new Tokens(SigningKey.loadOrCreate(dataDir), Clock.systemUTC());
        app = Service.create("event-store", env, wiring -> {
            auth.requireLogin(wiring.routes(), Set.of());
            wiring.routes().get("/events", ctx -> ctx.json(Map.of("caller", ServiceAuth.caller(ctx).username())));
            wiring.routes().post("/streams/x", ctx -> ctx.status(201));
            wiring.routes().ws("/subscribe", ws -> ws.onConnect(ctx -> ctx.send(AuthGate.caller(ctx).username())));
        }).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (var i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login(String sessionId) {
        return tokens.issue(new TokenClaims.Session(5, "alice", List.of("user"), sessionId, tokens.now().plus(Duration.ofHours(1))));
    }

    @Test
    void health_and_metrics_stay_public() throws Exception {
        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void an_api_client_without_credentials_gets_a_401_that_says_how_to_log_in() throws Exception {
        var reply = send("GET", "/events", "Accept", "application/json");

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(reply.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(reply.body()).contains("/api/auth/login").contains(":18005");
    }

    @Test
    void a_browser_without_a_session_is_sent_to_the_crud_engines_login_and_back() throws Exception {
        var reply = send("GET", "/events?from_position=3", "Accept", "text/html,application/xhtml+xml");

        assertThat(reply.statusCode()).isEqualTo(302);
        var location = reply.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://localhost:18005/login?next=");
        assertThat(URLDecoder.decode(location.substring(location.indexOf("next=") + 5), StandardCharsets.UTF_8))
                .isEqualTo("http://localhost:" + app.port() + "/events?from_position=3");
    }

    @Test
    void a_login_token_from_the_crud_engine_is_accepted_as_bearer_and_as_cookie() throws Exception {
        var token = login("a".repeat(43));

        assertThat(send("GET", "/events", "Authorization", "Bearer " + token).body()).contains("alice");
        assertThat(send("GET", "/events", "Cookie", SessionCookie.NAME + "=" + token).body()).contains("alice");
    }

    @Test
    void forged_and_other_keys_tokens_are_refused(@TempDir Path otherData) throws Exception {
        var foreign = new Tokens(SigningKey.loadOrCreate(otherData), Clock.systemUTC())
                .issue(new TokenClaims.Session(1, "admin", List.of("admin"), "b".repeat(43), tokens.now().plusSeconds(600)));

        assertThat(send("GET", "/events", "Authorization", "Bearer forged.token.value").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/events", "Authorization", "Bearer " + foreign).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/events", "Authorization", "Basic YWRtaW46YWRtaW4=").statusCode()).isEqualTo(401);
        assertThat(send("GET", "/events", "X-User", "administrator").statusCode()).isEqualTo(401);
    }

    @Test
    void a_revoked_session_is_refused_once_the_state_file_says_so() throws Exception {
        var sessionId = "c".repeat(43);
        var token = login(sessionId);
        assertThat(send("GET", "/events", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);

        new AuthStateFile(dataDir, Clock.systemUTC(), Duration.ZERO).write(new AuthState(1,
                List.of(new AuthState.RevokedSession(Secrets.sha256(sessionId), tokens.now().plusSeconds(3600))), List.of()));

        assertThat(send("GET", "/events", "Authorization", "Bearer " + token).statusCode()).isEqualTo(401);
    }

    @Test
    void a_service_token_minted_by_another_service_is_accepted() throws Exception {
        var reply = send("GET", "/events", "Authorization", auth.authorization());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("service:event-store");
    }

    @Test
    void a_cookie_post_needs_the_csrf_token_and_a_trusted_origin() throws Exception {
        var sessionId = "d".repeat(43);
        var cookie = SessionCookie.NAME + "=" + login(sessionId);
        var csrf = auth.gate().csrf().tokenFor(sessionId);

        assertThat(send("POST", "/streams/x", "Cookie", cookie).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/streams/x", "Cookie", cookie, Csrf.HEADER, csrf, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/streams/x", "Cookie", cookie, Csrf.HEADER, "wrong").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/streams/x", "Cookie", cookie, Csrf.HEADER, csrf).statusCode()).isEqualTo(201);
        assertThat(send("POST", "/streams/x", "Cookie", cookie, Csrf.HEADER, csrf, "Origin", "http://localhost:18005").statusCode()).isEqualTo(201);
        // a Bearer token is never sent by a browser on its own: no CSRF token needed
        assertThat(send("POST", "/streams/x", "Authorization", "Bearer " + login("e".repeat(43)), "Origin", "http://evil.example").statusCode())
                .isEqualTo(201);
    }

    @Test
    void a_websocket_needs_an_account_and_its_handlers_know_the_caller() throws Exception {
        var messages = new java.util.concurrent.LinkedBlockingQueue<String>();
        var listener = new java.net.http.WebSocket.Listener() {
            @Override
            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
                messages.add(data.toString());
                socket.request(1);
                return null;
            }
        };
        var uri = URI.create("ws://localhost:" + app.port() + "/subscribe");
        var socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + login("f".repeat(43))).buildAsync(uri, listener).join();

        assertThat(messages.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("alice");
        socket.abort();
        assertThat(client.newWebSocketBuilder().buildAsync(uri, listener)).failsWithin(Duration.ofSeconds(5));
        assertThat(client.newWebSocketBuilder().header("Cookie", SessionCookie.NAME + "=" + login("g".repeat(43)))
                .header("Origin", "http://evil.example").buildAsync(uri, listener)).as("cross-site WebSocket hijacking").failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void every_response_carries_the_security_headers_and_no_wildcard_cors() throws Exception {
        var reply = send("GET", "/health", "Origin", "http://evil.example");

        assertThat(reply.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(reply.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'self'"));
        assertThat(reply.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
