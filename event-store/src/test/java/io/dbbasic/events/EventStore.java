package io.dbbasic.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.events.log.LogSettings;
import io.dbbasic.testing.Logins;
import io.dbbasic.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * An event store started through {@link EventStoreApp#create} on a free port, with JSON helpers for tests.
 * Requests go as {@code admin} (a login token signed with the data dir's key) unless they say otherwise.
 */
final class EventStore implements AutoCloseable {
    static final ObjectMapper JSON = Json.newMapper();

    final Path dataDir;
    final RunningApp app;

    private EventStore(Path dataDir, RunningApp app) {
        this.dataDir = dataDir;
        this.app = app;
    }

    static EventStore start(Path dataDir) {
        return start(dataDir, LogSettings.DEFAULTS);
    }

    static EventStore start(Path dataDir, LogSettings settings) {
        var env = Environment.of(Map.of("DBBASIC_DATA_DIR", dataDir.toString(),
                "DBBASIC_APP_DIR", dataDir.resolveSibling("app").toString()));
        return new EventStore(dataDir, RunningApp.start(EventStoreApp.create(env, settings))
                .withHeader("Authorization", Logins.admin(dataDir)));
    }

    URI uri(String path) {
        return app.uri(path);
    }

    HttpResponse<String> post(String path, String body) {
        return app.post(path, body);
    }

    HttpResponse<String> get(String path) {
        return app.get(path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return app.send(request);
    }

    /** POSTs and expects 201; returns the body. */
    JsonNode append(String stream, String body) {
        var response = post("/streams/" + stream, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    JsonNode getJson(String path) {
        var response = get(path);
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    static String event(String type, String data) {
        return "{\"type\":\"" + type + "\",\"data\":" + data + "}";
    }

    @Override
    public void close() {
        app.close();
    }
}
