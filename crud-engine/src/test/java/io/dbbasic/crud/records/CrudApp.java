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

/** A crud-engine on a free port over a fresh app and data dir, with the given YAML files. */
final class CrudApp implements AutoCloseable {
    final Path appDir;
    final Path dataDir;
    final RunningApp app;

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
                "DBBASIC_EVENTS_PORT", Integer.toString(FreePorts.pick(1).get(0))));
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

    Reply call(String method, String path, String json, String... headers) {
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

    @Override
    public void close() {
        app.close();
    }
}
