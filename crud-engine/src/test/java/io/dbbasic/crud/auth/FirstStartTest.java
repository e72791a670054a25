package io.dbbasic.crud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.auth.SecretFiles;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.RunningApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first account without DBBASIC_ADMIN_PASSWORD, and {@code admin reset-password} with the stack stopped. */
class FirstStartTest {
    @Test
    void without_a_configured_password_admin_gets_a_random_one_in_a_mode_600_file_and_reset_password_replaces_it(@TempDir Path root)
            throws Exception {
        var file = root.resolve("data").resolve(FirstStart.PASSWORD_FILE);
        String first;
        try (var blog = BlogApp.start(root, Map.of(), Map.of("DBBASIC_ADMIN_PASSWORD", ""))) {
            assertThat(file).exists();
            assertThat(SecretFiles.isOwnerOnly(file)).isTrue();
            first = Files.readString(file).trim();
            assertThat(first).hasSizeGreaterThanOrEqualTo(20);
            assertThat(blog.login("admin", first).status()).isEqualTo(200);
            assertThat(blog.login("admin", "admin").status()).isEqualTo(401);
        }

        var out = new ByteArrayOutputStream();
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", root.resolve("app").toString(), "DBBASIC_DATA_DIR", root.resolve("data").toString()));
        var status = new ResetPassword(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run("admin");
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        var printed = out.toString(StandardCharsets.UTF_8).trim();
        var fresh = printed.substring(printed.lastIndexOf(' ') + 1);

        try (var app = RunningApp.start(CrudEngineApp.create(env))) {
            var login = "{\"username\":\"admin\",\"password\":\"%s\"}";
            assertThat(app.post("/api/auth/login", login.formatted(fresh)).statusCode()).isEqualTo(200);
            assertThat(app.post("/api/auth/login", login.formatted(first)).statusCode()).isEqualTo(401);
        }
        var missing = new ResetPassword(env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run("nobody");
        assertThat(missing).isEqualTo(1);
    }
}
