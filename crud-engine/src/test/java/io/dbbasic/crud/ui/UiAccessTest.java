package io.dbbasic.crud.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who gets which admin page and button, and what a cookie-signed form must carry, over real HTTP. */
class UiAccessTest {
    private static final String NOTICES = """
            resource: notices
            fields:
              id: {type: primary_key}
              title: {type: string, required: true}
            permissions: {read: authenticated, create: admin, update: admin, delete: admin}
            """;
    private static final String READER_PASSWORD = "Reader-Secret-8";

    @TempDir Path dir;
    private AdminApp admin;
    private RunningApp anonymous;

    @BeforeEach
    void start() {
        admin = AdminApp.start(dir, Map.of("notices.yaml", NOTICES));
        anonymous = admin.app.withoutDefaultHeaders();
        admin.api("POST", "/api/auth/users", "{\"username\":\"reader\",\"password\":\"" + READER_PASSWORD + "\"}");
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    @Test
    void a_browser_without_a_session_is_sent_to_the_login_with_the_page_to_come_back_to() {
        var page = anonymous.request("GET", "/ui/notices?q=x", null, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).get().asString()
                .isEqualTo("/login?next=" + URLEncoder.encode("/ui/notices?q=x", StandardCharsets.UTF_8));
        assertThat(anonymous.request("GET", "/", null, "Accept", "text/html").statusCode()).isEqualTo(302);
    }

    @Test
    void pages_offer_only_what_the_caller_may_do_and_the_server_refuses_the_rest() {
        var id = admin.api("POST", "/api/notices", "{\"title\":\"Office closed Friday\"}").get("id").asLong();
        var reader = session("reader", READER_PASSWORD);
        var asAdmin = session("admin", AdminApp.ADMIN_PASSWORD);

        assertThat(asAdmin.get("/ui/notices").body()).contains("id=\"new-record\"").contains("Office closed Friday");
        assertThat(asAdmin.get("/ui/notices/" + id).body()).contains("id=\"edit-record\"").contains("id=\"delete-record\"");

        var list = reader.get("/ui/notices");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("Office closed Friday").doesNotContain("id=\"new-record\"");
        var detail = reader.get("/ui/notices/" + id).body();
        assertThat(detail).contains("Office closed Friday").doesNotContain("id=\"edit-record\"").doesNotContain("id=\"delete-record\"");
        assertThat(detail).contains("id=\"signed-in-as\">reader<");

        assertThat(reader.get("/ui/notices/new").statusCode()).isEqualTo(403);
        assertThat(reader.get("/ui/notices/" + id + "/edit").statusCode()).isEqualTo(403);
        var refused = reader.form("/ui/notices/new", Map.of("title", "Sneaked in"), true);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(reader.form("/ui/notices/" + id + "/delete", Map.of(), true).statusCode()).isEqualTo(403);
        assertThat(admin.api("GET", "/api/notices", null).get("total").asInt()).isEqualTo(1);
    }

    @Test
    void only_an_admin_sees_the_template_gallery_and_deploys_from_it() {
        var reader = session("reader", READER_PASSWORD);
        assertThat(reader.get("/").body()).contains("href=\"/ui/notices\"").doesNotContain("id=\"template-gallery\"");
        assertThat(reader.form("/ui/templates/blog/deploy", Map.of(), true).statusCode()).isEqualTo(403);
        assertThat(admin.appDir.resolve("blog")).doesNotExist();

        var asAdmin = session("admin", AdminApp.ADMIN_PASSWORD);
        assertThat(asAdmin.get("/").body()).contains("id=\"template-gallery\"");
        assertThat(asAdmin.form("/ui/templates/blog/deploy", Map.of(), true).statusCode()).isEqualTo(303);
        assertThat(admin.appDir.resolve("blog")).isDirectory();
    }

    @Test
    void a_form_signed_by_the_cookie_needs_its_csrf_token() {
        var asAdmin = session("admin", AdminApp.ADMIN_PASSWORD);
        assertThat(asAdmin.form("/ui/notices/new", Map.of("title", "no token"), false).statusCode()).isEqualTo(403);
        assertThat(admin.api("GET", "/api/notices", null).get("total").asInt()).isZero();

        var created = asAdmin.form("/ui/notices/new", Map.of("title", "with token"), true);
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(admin.api("GET", "/api/notices", null).at("/records/0/title").asText()).isEqualTo("with token");
    }

    @Test
    void the_top_bars_log_out_ends_the_session() {
        var asAdmin = session("admin", AdminApp.ADMIN_PASSWORD);
        assertThat(asAdmin.get("/ui/notices").body()).contains("action=\"/logout\"").contains("id=\"log-out\"");

        var out = asAdmin.form("/logout", Map.of(), true);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/login");
        assertThat(anonymous.request("GET", "/api/auth/me", null, "Cookie", asAdmin.cookie).statusCode()).isEqualTo(401);
        assertThat(asAdmin.get("/ui/notices").statusCode()).isEqualTo(302);
    }

    private Session session(String username, String password) {
        var login = anonymous.post("/api/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        try {
            JsonNode body = Json.newMapper().readTree(login.body());
            return new Session(body.get("token").asText(), body.get("csrf_token").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A browser's session: the cookie on every request, the CSRF token in forms that carry it. */
    private final class Session {
        private final String cookie;
        private final String csrf;

        Session(String token, String csrf) {
            this.cookie = "dbbasic_session=" + token;
            this.csrf = csrf;
        }

        HttpResponse<String> get(String path) {
            return anonymous.request("GET", path, null, "Accept", "text/html", "Cookie", cookie);
        }

        HttpResponse<String> form(String path, Map<String, String> fields, boolean withToken) {
            var all = new java.util.LinkedHashMap<>(fields);
            if (withToken) {
                all.put("_csrf", csrf);
            }
            // the admin UI's forms are multipart (they may carry files)
            var boundary = "----form" + UUID.randomUUID();
            var body = all.entrySet().stream()
                    .map(e -> "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n" + e.getValue() + "\r\n")
                    .collect(Collectors.joining("", "", "--" + boundary + "--\r\n"));
            return anonymous.send(HttpRequest.newBuilder(anonymous.uri(path))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Cookie", cookie)
                    .header("Origin", "http://localhost:" + anonymous.port())
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }
    }
}
