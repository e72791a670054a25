package io.dbbasic.crud.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.Browser;
import io.dbbasic.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A crud-engine for admin UI tests: a fresh app and data dir with the given YAML files, the checkout's
 * {@code templates/} as the gallery, on a free port. HTTP requests go as {@code admin} (a Bearer token from
 * a real login); {@link #logIn} gives a browser admin's session cookie.
 */
final class AdminApp implements AutoCloseable {
    static final Path TEMPLATES = Path.of("..", "templates").toAbsolutePath().normalize();
    static final String ADMIN_PASSWORD = "Admin-Ui-Secret-8";

    final Path appDir;
    final RunningApp app;
    private final String token;

    private AdminApp(Path root, Map<String, String> yaml) {
        appDir = root.resolve("app");
        try {
            Files.createDirectories(appDir);
            for (var file : yaml.entrySet()) {
                Files.writeString(appDir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the event store's port points at nothing: pages must do without history
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", appDir.toString(), "DBBASIC_DATA_DIR", root.resolve("data").toString(),
                "DBBASIC_TEMPLATES_DIR", TEMPLATES.toString(), "DBBASIC_EVENTS_PORT", "1", "DBBASIC_AI_PORT", "1", "DBBASIC_MONITOR_PORT", "1",
                "DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD));
        var started = RunningApp.start(CrudEngineApp.create(env));
        var login = started.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        try {
            token = Json.newMapper().readTree(login.body()).get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        app = started.withHeader("Authorization", "Bearer " + token);
    }

    static AdminApp start(Path root, Map<String, String> yaml) {
        return new AdminApp(root, yaml);
    }

    String url(String path) {
        return app.uri(path).toString();
    }

    /** Signs the browser in as {@code admin}: the session cookie of the login above. */
    AdminApp logIn(Browser browser) {
        browser.signIn(app.uri("").toString(), token);
        return this;
    }

    /** A REST call; fails the test unless it answers 2xx. Returns the JSON body (null for none). */
    JsonNode api(String method, String path, String json) {
        var response = app.request(method, path, json);
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return response.body().isEmpty() ? null : Json.newMapper().readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    int status(String method, String path) {
        return app.request(method, path, null).statusCode();
    }

    void write(String file, String yaml) {
        try {
            Files.createDirectories(appDir.resolve(file).getParent());
            Files.writeString(appDir.resolve(file), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
