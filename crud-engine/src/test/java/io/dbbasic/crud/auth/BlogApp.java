package io.dbbasic.crud.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.RunningApp;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A crud-engine over the blog template (posts, categories, users with {@code auth: true}) in fresh temp
 * dirs, with extra YAML files if given. {@code admin}'s password comes from DBBASIC_ADMIN_PASSWORD. The
 * blog's hooks go to a stand-in AI builder that has no active service (so they are skipped, as with a
 * builder whose services are not activated yet); the requests it got are in {@link #hookCalls}.
 */
final class BlogApp implements AutoCloseable {
    static final String ADMIN_PASSWORD = "Blog-Admin-Secret-7";
    final Path appDir;
    final Path dataDir;
    final RunningApp app;
    final BlockingQueue<String> hookCalls = new LinkedBlockingQueue<>();
    private final Javalin builder;

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        List<String> headers(String name) {
            return raw.headers().allValues(name);
        }
    }

    private BlogApp(Path root, Map<String, String> extraYaml, Map<String, String> extraEnv) {
        appDir = root.resolve("app");
        dataDir = root.resolve("data");
        try {
            Files.createDirectories(appDir);
            try (var files = Files.list(Path.of("..", "templates", "blog"))) {
                for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Files.copy(file, appDir.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (var file : extraYaml.entrySet()) {
                Files.writeString(appDir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        builder = Javalin.create(config -> config.routes.post("/api/services/{name}/invoke", ctx -> {
            hookCalls.add(ctx.pathParam("name") + " " + ctx.header("Authorization"));
            ctx.status(404).json(Map.of("detail", "no active service " + ctx.pathParam("name")));
        })).start(0);
        var variables = new HashMap<String, String>(Map.of("DBBASIC_APP_DIR", appDir.toString(), "DBBASIC_DATA_DIR", dataDir.toString(),
                "DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD, "DBBASIC_AI_PORT", Integer.toString(builder.port())));
        variables.putAll(extraEnv);
        variables.values().removeIf(String::isEmpty);
        app = RunningApp.start(CrudEngineApp.create(Environment.of(variables)));
    }

    static BlogApp start(Path root) {
        return new BlogApp(root, Map.of(), Map.of());
    }

    static BlogApp start(Path root, Map<String, String> extraYaml, Map<String, String> extraEnv) {
        return new BlogApp(root, extraYaml, extraEnv);
    }

    Reply call(String method, String path, String json, String... headers) {
        var response = app.request(method, path, json, headers);
        JsonNode body = null;
        var type = response.headers().firstValue("Content-Type").orElse("");
        if (!response.body().isEmpty() && type.contains("json")) {
            try {
                body = Json.newMapper().readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }
        return new Reply(response.statusCode(), body, response);
    }

    /** A request with {@code token} as Bearer (null: anonymous). */
    Reply as(String token, String method, String path, String json, String... headers) {
        if (token == null) {
            return call(method, path, json, headers);
        }
        var all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = "Bearer " + token;
        return call(method, path, json, all);
    }

    Reply login(String username, String password) {
        return call("POST", "/api/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    String token(String username, String password) {
        var reply = login(username, password);
        if (reply.status() != 200) {
            throw new AssertionError("login as " + username + ": " + reply.raw().body());
        }
        return reply.body().get("token").asText();
    }

    String admin() {
        return token("admin", ADMIN_PASSWORD);
    }

    /** Creates an account with password {@code Pw-<name>-12345} and logs it in. */
    String user(String name, String... roles) {
        var list = roles.length == 0 ? "[\"user\"]" : "[\"" + String.join("\",\"", roles) + "\"]";
        var reply = as(admin(), "POST", "/api/auth/users", "{\"username\":\"" + name + "\",\"password\":\"Pw-" + name + "-12345\",\"roles\":" + list + "}");
        if (reply.status() != 201) {
            throw new AssertionError("create " + name + ": " + reply.raw().body());
        }
        return token(name, "Pw-" + name + "-12345");
    }

    long id(String token) {
        return as(token, "GET", "/api/auth/me", null).body().get("id").asLong();
    }

    @Override
    public void close() {
        app.close();
        builder.stop();
    }
}
