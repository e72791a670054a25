package io.dbbasic.crud.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.events.EventStoreApp;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Logins;
import io.dbbasic.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A crud-engine and the event store it relays to, both started in this JVM through their {@code create},
 * over fresh folders. The store keeps one port, so a test can stop it and start it again where the
 * crud-engine expects it; either side can be restarted over its data. They share the data dir, as a
 * stack does: its signing key is how the store accepts the crud-engine's service token. Requests go as
 * {@code admin}.
 */
final class RelayedStack implements AutoCloseable {
    static final ObjectMapper JSON = Json.newMapper();
    private static final String ADMIN_PASSWORD = "Relay-Admin-Secret-5";

    private final Path root;
    private final int storePort;
    private final int monitorPort;
    private RunningApp crud;
    private RunningApp store;

    RelayedStack(Path root, Map<String, String> yaml) {
        this.root = root;
        var ports = FreePorts.pick(2);
        this.storePort = ports.get(0);
        this.monitorPort = ports.get(1);   // nothing listens there: activity reports go nowhere
        try {
            Files.createDirectories(root.resolve("app"));
            for (var file : yaml.entrySet()) {
                Files.writeString(root.resolve("app").resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RelayedStack startCrud() {
        crud = RunningApp.start(CrudEngineApp.create(Environment.of(Map.of(
                "DBBASIC_APP_DIR", root.resolve("app").toString(), "DBBASIC_DATA_DIR", root.resolve("data").toString(),
                "DBBASIC_EVENTS_PORT", Integer.toString(storePort), "DBBASIC_MONITOR_PORT", Integer.toString(monitorPort),
                "DBBASIC_OUTBOX_RETRY_MS", "50", "DBBASIC_OUTBOX_MAX_RETRY_MS", "300", "DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD))));
        var login = reply(crud.post("/api/auth/login", "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"));
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        crud = crud.withHeader("Authorization", "Bearer " + login.body().get("token").asText());
        return this;
    }

    void stopCrud() {
        crud.close();
        crud = null;
    }

    RelayedStack startStore() {
        store = RunningApp.start(EventStoreApp.create(Environment.of(Map.of(
                "DBBASIC_APP_DIR", root.resolve("store-app").toString(), "DBBASIC_DATA_DIR", root.resolve("data").toString(),
                "DBBASIC_MONITOR_PORT", Integer.toString(monitorPort)))), storePort)
                .withHeader("Authorization", Logins.admin(root.resolve("data")));
        return this;
    }

    void stopStore() {
        store.close();
        store = null;
    }

    /** A crud-engine request with a JSON body (or none); returns the status and the parsed body. */
    Reply crud(String method, String path, String json) {
        return reply(crud.request(method, path, json));
    }

    /** A crud-engine page (HTML), as admin. */
    String page(String path) {
        var response = crud.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    long create(String resource, String json) {
        var reply = crud("POST", "/api/" + resource, json);
        assertThat(reply.status()).as(reply.text()).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    Reply store(String path) {
        return reply(store.get(path));
    }

    RunningApp storeApp() {
        return store;
    }

    /** The port where the crud-engine expects the event store. */
    int storePort() {
        return storePort;
    }

    /** Every event of {@code category} in the store, in position order. */
    List<JsonNode> events(String category) {
        var events = new ArrayList<JsonNode>();
        var from = 1L;
        while (true) {
            var page = store("/events?category=" + category + "&limit=10000&from_position=" + from).body();
            page.get("events").forEach(events::add);
            if (page.get("events").isEmpty()) {
                return events;
            }
            from = page.get("next_position").asLong();
        }
    }

    /** The value of metric {@code name} for one database file in the crud-engine's {@code /metrics}. */
    double metric(String name, String database) {
        var text = crud.get("/metrics").body();
        return text.lines().filter(line -> line.startsWith(name + "{") && line.contains("database=\"" + database + "\""))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " of " + database + " not in /metrics:\n" + text));
    }

    record Reply(int status, JsonNode body, String text) {}

    private static Reply reply(HttpResponse<String> response) {
        try {
            var text = response.body();
            return new Reply(response.statusCode(), text.isEmpty() ? null : JSON.readTree(text), text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        if (crud != null) {
            stopCrud();
        }
        if (store != null) {
            stopStore();
        }
    }
}
