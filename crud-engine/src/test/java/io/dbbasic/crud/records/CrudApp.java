package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A crud-engine on a free port over a fresh app and data dir, with the given YAML files. Requests are
 * sent as {@code admin} (a Bearer token from a login with {@link #ADMIN_PASSWORD}) unless they carry their
 * own {@code Authorization} header or go through {@link #anonymous}.
 */
final class CrudApp implements AutoCloseable {
    static final String ADMIN_PASSWORD = "Test-Admin-Secret-1";
    final Path appDir;
    final Path dataDir;
    final RunningApp app;
    private String adminToken;

    private CrudApp(Path root, Map<String, String> yaml) {
        this.appDir = root.resolve("app");
        this.dataDir = root.resolve("data");
        try {
            Files.createDirectories(appDir);
            for (var file : yaml.entrySet()) {
                Files.writeString(appDir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", appDir.toString(), "DBBASIC_DATA_DIR", dataDir.toString(),
                "DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD, "DBBASIC_EVENTS_PORT", Integer.toString(FreePorts.pick(1).get(0))));
        this.app = RunningApp.start(CrudEngineApp.create(env));
    }

    static CrudApp start(Path root, Map<String, String> yaml) {
        return new CrudApp(root, yaml);
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    /** A request as admin, unless {@code headers} name their own Authorization. */
    Reply call(String method, String path, String json, String... headers) {
        for (var i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Authorization")) {
                return anonymous(method, path, json, headers);
            }
        }
        var withToken = java.util.Arrays.copyOf(headers, headers.length + 2);
        withToken[headers.length] = "Authorization";
        withToken[headers.length + 1] = "Bearer " + adminToken();
        return anonymous(method, path, json, withToken);
    }

    /** A request with exactly these headers: anonymous unless they authenticate it. */
    Reply anonymous(String method, String path, String json, String... headers) {
        var response = app.request(method, path, json, headers);
        JsonNode body = null;
        if (!response.body().isEmpty()) {
            try {
                body = Json.newMapper().readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }
        return new Reply(response.statusCode(), body, response);
    }

    Reply get(String path) {
        return call("GET", path, null);
    }

    Reply post(String path, String json) {
        return call("POST", path, json);
    }

    /** Logs in and returns the token (401/429 fail the test). */
    String login(String username, String password) {
        var reply = anonymous("POST", "/api/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (reply.status() != 200) {
            throw new AssertionError("login as " + username + " failed: " + reply.raw().body());
        }
        return reply.body().get("token").asText();
    }

    /** The {@code Authorization} value requests built by hand send: admin's token. */
    String bearer() {
        return "Bearer " + adminToken();
    }

    synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = login("admin", ADMIN_PASSWORD);
        }
        return adminToken;
    }

    @Override
    public void close() {
        app.close();
    }
}
