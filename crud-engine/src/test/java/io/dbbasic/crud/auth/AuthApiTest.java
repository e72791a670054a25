package io.dbbasic.crud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.auth.Csrf;
import io.dbbasic.common.auth.SecretFiles;
import io.dbbasic.common.auth.SessionCookie;
import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT §9 over real HTTP: login, logout, me, password, users, API tokens, cookies and CSRF. */
class AuthApiTest {
    @TempDir static Path root;
    private static BlogApp blog;

    @BeforeAll
    static void start() {
        blog = BlogApp.start(root);
    }

    @AfterAll
    static void stop() {
        blog.close();
    }

    @Test
    void admin_logs_in_with_the_configured_password_and_there_is_no_default() {
        var login = blog.login("admin", BlogApp.ADMIN_PASSWORD);

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().get("token").asText()).isNotBlank();
        assertThat(login.body().at("/user/username").asText()).isEqualTo("admin");
        assertThat(login.body().at("/user/roles/0").asText()).isEqualTo("admin");
        assertThat(login.body().at("/user/password_hash").isMissingNode()).isTrue();
        var expires = Instant.parse(login.body().get("expires_at").asText());
        assertThat(expires).isBetween(Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(12)));
        assertThat(blog.login("admin", "admin123").status()).isEqualTo(401);
        assertThat(blog.login("admin", "admin").status()).isEqualTo(401);
        assertThat(blog.login("nobody", "whatever-1").status()).isEqualTo(401);
    }

    @Test
    void login_sets_an_httponly_samesite_session_cookie_for_every_port_of_the_host() {
        var cookie = blog.login("admin", BlogApp.ADMIN_PASSWORD).headers("Set-Cookie").stream()
                .filter(c -> c.startsWith(SessionCookie.NAME + "=")).findFirst().orElseThrow();

        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/")
                .doesNotContainIgnoringCase("Domain=");
    }

    @Test
    void me_needs_credentials_and_says_how_to_get_them() {
        var anonymous = blog.call("GET", "/api/auth/me", null);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body().get("detail").asText()).contains("/api/auth/login");
        assertThat(blog.as(blog.admin(), "GET", "/api/auth/me", null).body().get("username").asText()).isEqualTo("admin");
    }

    @Test
    void logout_ends_the_session_at_once() {
        var token = blog.admin();
        assertThat(blog.as(token, "GET", "/api/auth/me", null).status()).isEqualTo(200);

        assertThat(blog.as(token, "POST", "/api/auth/logout", null).status()).isEqualTo(204);

        assertThat(blog.as(token, "GET", "/api/auth/me", null).status()).isEqualTo(401);
        assertThat(blog.as(blog.admin(), "GET", "/api/auth/me", null).status()).isEqualTo(200);
    }

    @Test
    void forged_expired_and_foreign_tokens_are_refused(@TempDir Path elsewhere) {
        var key = SigningKey.loadOrCreate(blog.dataDir);
        var adminId = blog.id(blog.admin());
        var past = new Tokens(key, Clock.fixed(Instant.now().minus(Duration.ofHours(13)), ZoneOffset.UTC));
        var expired = past.issue(new TokenClaims.Session(adminId, "admin", List.of("admin"), "z".repeat(43), past.now().plus(Duration.ofHours(12))));
        var unknownSession = new Tokens(key, Clock.systemUTC())
                .issue(new TokenClaims.Session(adminId, "admin", List.of("admin"), "q".repeat(43), Instant.now().plusSeconds(600)));
        var foreign = new Tokens(SigningKey.loadOrCreate(elsewhere), Clock.systemUTC())
                .issue(new TokenClaims.Session(adminId, "admin", List.of("admin"), "q".repeat(43), Instant.now().plusSeconds(600)));

        for (var token : List.of("forged.token.value", expired, unknownSession, foreign, blog.admin() + "x")) {
            assertThat(blog.as(token, "GET", "/api/auth/me", null).status()).as(token).isEqualTo(401);
            assertThat(blog.as(token, "GET", "/api/categories", null).status()).as("a bad token is an error even where reading is public").isEqualTo(401);
        }
    }

    @Test
    void an_x_user_header_grants_nothing() {
        assertThat(blog.call("GET", "/api/auth/me", null, "X-User", "administrator").status()).isEqualTo(401);
        assertThat(blog.call("POST", "/api/posts", "{\"title\":\"xyz\",\"content\":\"x\"}", "X-User", "administrator").status()).isEqualTo(401);
        assertThat(blog.call("GET", "/api/auth/users", null, "X-User", "administrator").status()).isEqualTo(401);
        var bob = blog.user("xavier");
        assertThat(blog.as(bob, "GET", "/api/auth/users", null, "X-User", "administrator").status()).as("a user stays a user").isEqualTo(403);
        assertThat(blog.as(bob, "POST", "/api/categories", "{\"name\":\"X\",\"slug\":\"x\"}", "X-User", "administrator").status()).isEqualTo(403);
    }

    @Test
    void the_task_queue_and_the_outbox_report_are_admin_only() {
        var user = blog.user("quentin");
        for (var call : List.of(List.of("GET", "/api/system/tasks"), List.of("POST", "/api/system/tasks/1/retry"), List.of("GET", "/api/system/outbox"))) {
            assertThat(blog.call(call.get(0), call.get(1), null).status()).as("anonymous " + call).isEqualTo(401);
            assertThat(blog.as(user, call.get(0), call.get(1), null).status()).as("a user " + call).isEqualTo(403);
        }
        assertThat(blog.as(blog.admin(), "GET", "/api/system/tasks", null).status()).isEqualTo(200);
        assertThat(blog.as(blog.admin(), "GET", "/api/system/outbox", null).status()).isEqualTo(200);
    }

    @Test
    void admin_manages_users_and_others_may_not() {
        var admin = blog.admin();
        var created = blog.as(admin, "POST", "/api/auth/users", "{\"username\":\"carol\",\"password\":\"Carol-pass-1\",\"roles\":[\"user\",\"editor\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("roles").toString()).isEqualTo("[\"user\",\"editor\"]");
        var id = created.body().get("id").asLong();
        var carol = blog.token("carol", "Carol-pass-1");

        assertThat(blog.as(admin, "POST", "/api/auth/users", "{\"username\":\"CAROL\",\"password\":\"Carol-pass-2\"}").status()).isEqualTo(409);
        assertThat(blog.as(admin, "POST", "/api/auth/users", "{\"username\":\"dave\",\"password\":\"short\"}").status()).isEqualTo(422);
        assertThat(blog.as(carol, "GET", "/api/auth/users", null).status()).isEqualTo(403);
        assertThat(blog.call("GET", "/api/auth/users", null).status()).isEqualTo(401);
        assertThat(blog.as(admin, "GET", "/api/auth/users", null).body().get("users").toString()).contains("carol").doesNotContain("argon2");

        var changed = blog.as(admin, "PATCH", "/api/auth/users/" + id, "{\"roles\":[\"user\"]}");
        assertThat(changed.body().get("roles").toString()).isEqualTo("[\"user\"]");
        assertThat(blog.as(carol, "GET", "/api/auth/me", null).status()).as("a role change ends the account's sessions").isEqualTo(401);

        carol = blog.token("carol", "Carol-pass-1");
        assertThat(blog.as(admin, "PATCH", "/api/auth/users/" + id, "{\"disabled\":true}").status()).isEqualTo(200);
        assertThat(blog.as(carol, "GET", "/api/auth/me", null).status()).isEqualTo(401);
        assertThat(blog.login("carol", "Carol-pass-1").status()).isEqualTo(403);

        assertThat(blog.as(admin, "DELETE", "/api/auth/users/" + id, null).status()).isEqualTo(204);
        assertThat(blog.as(admin, "GET", "/api/auth/users/" + id, null).status()).isEqualTo(404);
        assertThat(blog.login("carol", "Carol-pass-1").status()).isEqualTo(401);
    }

    @Test
    void the_last_active_admin_cannot_be_demoted_disabled_or_deleted() {
        var admin = blog.admin();
        var id = blog.id(admin);

        assertThat(blog.as(admin, "PATCH", "/api/auth/users/" + id, "{\"disabled\":true}").status()).isEqualTo(409);
        assertThat(blog.as(admin, "PATCH", "/api/auth/users/" + id, "{\"roles\":[\"user\"]}").status()).isEqualTo(409);
        assertThat(blog.as(admin, "DELETE", "/api/auth/users/" + id, null).status()).isEqualTo(409);
    }

    @Test
    void a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
        var first = blog.user("erin");
        var second = blog.token("erin", "Pw-erin-12345");

        assertThat(blog.as(first, "POST", "/api/auth/password", "{\"current\":\"wrong-one-1\",\"new\":\"Erin-new-pass-1\"}").status()).isEqualTo(422);
        assertThat(blog.as(first, "POST", "/api/auth/password", "{\"current\":\"Pw-erin-12345\",\"new\":\"tiny\"}").status()).isEqualTo(422);
        assertThat(blog.as(first, "POST", "/api/auth/password", "{\"current\":\"Pw-erin-12345\",\"new\":\"Erin-new-pass-1\"}").status()).isEqualTo(204);

        assertThat(blog.as(first, "GET", "/api/auth/me", null).status()).isEqualTo(200);
        assertThat(blog.as(second, "GET", "/api/auth/me", null).status()).isEqualTo(401);
        assertThat(blog.login("erin", "Pw-erin-12345").status()).isEqualTo(401);
        assertThat(blog.login("erin", "Erin-new-pass-1").status()).isEqualTo(200);
    }

    @Test
    void api_tokens_are_shown_once_work_as_bearer_and_stop_when_revoked() {
        var frank = blog.user("frank");
        var created = blog.as(frank, "POST", "/api/auth/tokens", "{\"name\":\"ci\"}");
        assertThat(created.status()).isEqualTo(201);
        var token = created.body().get("token").asText();
        assertThat(token).startsWith("dbb_").hasSizeGreaterThan(40);

        assertThat(blog.as(token, "GET", "/api/auth/me", null).body().get("username").asText()).isEqualTo("frank");
        var listed = blog.as(frank, "GET", "/api/auth/tokens", null).body().get("tokens");
        assertThat(listed).hasSize(1);
        assertThat(listed.toString()).contains("ci").doesNotContain(token);
        assertThat(blog.as(blog.user("gina"), "DELETE", "/api/auth/tokens/" + created.body().get("id").asLong(), null).status())
                .as("someone else's token").isEqualTo(404);

        assertThat(blog.as(frank, "DELETE", "/api/auth/tokens/" + created.body().get("id").asLong(), null).status()).isEqualTo(204);
        assertThat(blog.as(token, "GET", "/api/auth/me", null).status()).isEqualTo(401);
        assertThat(blog.as(frank, "POST", "/api/auth/tokens", "{\"name\":\"old\",\"expires_at\":\"2001-01-01T00:00:00Z\"}").status()).isEqualTo(422);
        assertThat(blog.as("dbb_madeUpTokenValueThatWasNeverIssued00000000", "GET", "/api/auth/me", null).status()).isEqualTo(401);
    }

    @Test
    void repeated_wrong_passwords_are_throttled_even_for_the_right_one_later() {
        blog.user("henry");
        var statuses = new java.util.ArrayList<Integer>();
        for (var i = 0; i < 12; i++) {
            statuses.add(blog.call("POST", "/api/auth/login", "{\"username\":\"henry\",\"password\":\"guess-" + i + "\"}",
                    "X-Forwarded-For", "10.9.8." + i).status());
        }
        var throttled = blog.login("henry", "Pw-henry-12345");

        assertThat(statuses.subList(0, 10)).containsOnly(401);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).matches("\\d+");
    }

    @Test
    void twenty_wrong_passwords_end_in_429(@TempDir Path own) {
        try (var fresh = BlogApp.start(own)) {   // its own app: the failures count against this machine's address too
            var statuses = new ArrayList<Integer>();
            for (var i = 0; i < 20; i++) {
                statuses.add(fresh.login("admin", "wrong-" + i).status());
            }

            assertThat(statuses).containsOnly(401, 429).startsWith(401).endsWith(429);
            assertThat(statuses.subList(statuses.indexOf(429), 20)).as("once throttled, it stays throttled").containsOnly(429);
            assertThat(fresh.login("admin", BlogApp.ADMIN_PASSWORD).status()).as("even the right password waits").isEqualTo(429);
        }
    }

    @Test
    void a_cookie_authenticates_but_state_changes_need_its_csrf_token_and_a_trusted_origin() {
        blog.user("ivy");
        var login = blog.login("ivy", "Pw-ivy-12345");
        var cookie = SessionCookie.NAME + "=" + login.body().get("token").asText();
        var csrf = login.body().get("csrf_token").asText();
        var post = "{\"title\":\"via cookie\",\"slug\":\"via-cookie\",\"content\":\"x\"}";

        assertThat(blog.call("GET", "/api/auth/me", null, "Cookie", cookie).status()).isEqualTo(200);
        assertThat(blog.call("POST", "/api/posts", post, "Cookie", cookie).status()).isEqualTo(403);
        assertThat(blog.call("POST", "/api/posts", post, "Cookie", cookie, Csrf.HEADER, csrf, "Origin", "http://evil.example").status())
                .isEqualTo(403);
        assertThat(blog.call("POST", "/api/posts", post, "Cookie", cookie, Csrf.HEADER, csrf,
                "Origin", "http://localhost:" + blog.app.port()).status()).isEqualTo(201);
        assertThat(blog.call("GET", "/api/auth/me", null, "Cookie", cookie).body().get("csrf_token").asText()).isEqualTo(csrf);
    }

    @Test
    void the_login_page_signs_a_browser_in_and_returns_to_a_page_of_this_host_only() {
        var page = blog.call("GET", "/login?next=/ui/posts", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("name=\"username\"").contains("name=\"password\"").contains("name=\"_csrf\"");
        var nonce = page.headers("Set-Cookie").stream().filter(c -> c.startsWith(SessionCookie.CSRF_NAME + "=")).findFirst().orElseThrow()
                .split(";")[0].substring(SessionCookie.CSRF_NAME.length() + 1);
        var form = "username=admin&password=" + BlogApp.ADMIN_PASSWORD + "&_csrf=" + nonce + "&next=";

        var back = blog.app.request("POST", "/login", null);
        assertThat(back.statusCode()).as("no form, no CSRF value").isEqualTo(403);
        var ok = formPost(form + "%2Fui%2Fposts", nonce);
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).contains("/ui/posts");
        assertThat(ok.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(SessionCookie.NAME + "="));
        assertThat(formPost(form + "http%3A%2F%2Flocalhost%3A8004%2F", nonce).headers().firstValue("Location")).contains("http://localhost:8004/");
        assertThat(formPost(form + "http%3A%2F%2Fevil.example%2F", nonce).headers().firstValue("Location")).contains("/");
        assertThat(formPost(form + "%2F%2Fevil.example", nonce).headers().firstValue("Location")).contains("/");
        assertThat(formPost(form + "%2F", "another-value-000000").statusCode()).as("form and cookie differ").isEqualTo(403);
        var wrong = formPost("username=admin&password=nope&_csrf=" + nonce + "&next=%2F", nonce);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("wrong username or password");
    }

    private java.net.http.HttpResponse<String> formPost(String form, String csrfCookie) {
        return blog.app.send(java.net.http.HttpRequest.newBuilder(blog.app.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", SessionCookie.CSRF_NAME + "=" + csrfCookie)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void secrets_are_kept_owner_only() throws Exception {
        var secrets = blog.dataDir.resolve("secrets");
        assertThat(SecretFiles.isOwnerOnly(secrets.resolve(SigningKey.FILE_NAME))).isTrue();
        assertThat(Files.getPosixFilePermissions(secrets)).hasSize(3);
        assertThat(Files.exists(blog.dataDir.resolve(FirstStart.PASSWORD_FILE))).as("the password came from the environment").isFalse();
    }
}
