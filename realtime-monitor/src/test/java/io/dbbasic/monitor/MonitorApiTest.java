package io.dbbasic.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Logins;
import io.dbbasic.testing.RunningApp;
import io.dbbasic.testing.WsClient;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor over real HTTP and WebSocket: started through the same {@code create} as {@code main}
 * on port 0 with a fresh data dir; "other services" are real bootstrapped services on free ports.
 */
class MonitorApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final Map<String, Integer> ports = new HashMap<>();
    private final List<Javalin> services = new ArrayList<>();
    private RunningApp monitor;

    @BeforeEach
    void start() {
        var free = FreePorts.pick(4);
        ports.put("DBBASIC_CRUD_PORT", free.get(0));
        ports.put("DBBASIC_EVENTS_PORT", free.get(1));
        ports.put("DBBASIC_AI_PORT", free.get(2));
        ports.put("DBBASIC_STATIC_PORT", free.get(3));
        monitor = startMonitor();
    }

    @AfterEach
    void stop() {
        services.forEach(Javalin::stop);
        if (monitor != null) {
            monitor.close();
        }
    }

    /** The monitor, called as {@code admin} (a login token signed with the data dir's key; CONTRACT §9). */
    private RunningApp startMonitor() {
        return RunningApp.start(RealtimeMonitorApp.create(env(0))).withHeader("Authorization", Logins.admin(dir.resolve("data")));
    }

    private Environment env(int monitorPort) {
        var vars = new HashMap<String, String>();
        vars.put("DBBASIC_APP_DIR", dir.resolve("app").toString());
        vars.put("DBBASIC_DATA_DIR", dir.resolve("data").toString());
        ports.forEach((k, v) -> vars.put(k, v.toString()));
        if (monitorPort > 0) {
            vars.put("DBBASIC_MONITOR_PORT", Integer.toString(monitorPort));
        }
        return Environment.of(vars);
    }

    /** A real bootstrapped service on its port of this stack, reporting to this monitor. */
    private Javalin service(String name, String portVariable, List<String> problems) {
        var app = Service.create(name, env(monitor.port()), wiring -> {
            wiring.health().register(() -> problems);
            wiring.routes().get("/api/{resource}", ctx -> ctx.json(List.of()));
        }).start(ports.get(portVariable));
        services.add(app);
        return app;
    }

    private static JsonNode json(String body) {
        try {
            return Json.newMapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode get(String path) {
        var response = monitor.get(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return json(response.body());
    }

    private String statusOf(String service) {
        for (var s : get("/api/services")) {
            if (s.get("name").asText().equals(service)) {
                return s.get("status").asText();
            }
        }
        throw new AssertionError("no tile for " + service);
    }

    private WsClient ws() {
        return WsClient.connect(URI.create("ws://localhost:" + monitor.port() + "/ws"), "Authorization", Logins.admin(dir.resolve("data")));
    }

    @Test
    void posted_activity_is_listed_newest_first_and_streamed_to_browsers() {
        try (var ws = ws()) {
            var response = monitor.post("/api/activity", """
                    [{"service":"crud-engine","type":"request","method":"POST","path":"/api/beacons","status":201,
                      "duration_ms":4.5,"resource":"beacons","at":"2026-11-25T20:00:00Z"},
                     {"service":"crud-engine","type":"change","resource":"beacons","detail":{"op":"created","id":7}}]""");
            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(json(response.body()).get("accepted").asInt()).isEqualTo(2);

            var listed = get("/api/activity?service=crud-engine");
            assertThat(listed).hasSize(2);
            assertThat(listed.get(0).get("type").asText()).isEqualTo("change");
            assertThat(listed.get(0).get("detail").get("id").asInt()).isEqualTo(7);
            assertThat(listed.get(0).get("at").asText()).as("a missing time is the time received").isNotBlank();
            var request = listed.get(1);
            assertThat(request.get("id").asLong()).isLessThan(listed.get(0).get("id").asLong());
            assertThat(request.get("method").asText()).isEqualTo("POST");
            assertThat(request.get("path").asText()).isEqualTo("/api/beacons");
            assertThat(request.get("status").asInt()).isEqualTo(201);
            assertThat(request.get("duration_ms").asDouble()).isEqualTo(4.5);
            assertThat(request.get("resource").asText()).isEqualTo("beacons");
            assertThat(request.get("at").asText()).isEqualTo("2026-11-25T20:00:00Z");

            var message = json(ws.await("the posted batch", WAIT, m -> m.contains("\"type\":\"activity\"") && m.contains("/api/beacons")));
            assertThat(message.get("events")).hasSize(2);
            assertThat(message.get("events").get(0).get("service").asText()).isEqualTo("crud-engine");
        }
    }

    @Test
    void a_new_browser_gets_the_current_state_first() {
        try (var ws = ws()) {
            // live broadcasts (activity, health) may interleave; the greeting itself comes in this order
            var types = new ArrayList<String>();
            while (!(types.contains("config_error") && types.lastIndexOf("metrics") > types.indexOf("config_error")) && types.size() < 20) {
                types.add(json(ws.next()).get("type").asText());
            }
            assertThat(types).containsSubsequence("health", "config_error", "metrics");
        }
    }

    @Test
    void filters_by_service_and_type_and_limits() {
        var events = new StringBuilder("[");
        for (int i = 0; i < 30; i++) {
            events.append(i == 0 ? "" : ",").append("{\"service\":\"").append(i % 2 == 0 ? "crud-engine" : "event-store")
                    .append("\",\"type\":\"").append(i % 3 == 0 ? "reload" : "change").append("\",\"detail\":\"n").append(i).append("\"}");
        }
        assertThat(monitor.post("/api/activity", events.append("]").toString()).statusCode()).isEqualTo(202);

        var filtered = get("/api/activity?service=event-store&type=reload&limit=3");
        assertThat(filtered).hasSize(3);
        filtered.forEach(a -> {
            assertThat(a.get("service").asText()).isEqualTo("event-store");
            assertThat(a.get("type").asText()).isEqualTo("reload");
        });
        assertThat(filtered.get(0).get("detail").asText()).isEqualTo("n27");
        assertThat(get("/api/activity?limit=5000")).as("a limit above 1000 is clamped").hasSizeGreaterThanOrEqualTo(30);
        assertThat(get("/api/activity?service=nobody")).isEmpty();
    }

    @Test
    void bad_input_gets_a_precise_problem_and_never_a_500() {
        var invalid = monitor.post("/api/activity", """
                [{"service":"crud-engine","type":"request"},
                 {"service":"Crud Engine","type":"request","status":"ok","duration_ms":-1,"at":"yesterday"}]""");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(invalid.headers().firstValue("content-type").orElseThrow()).startsWith("application/problem+json");
        var errors = json(invalid.body()).get("errors");
        assertThat(errors.has("0")).isFalse();
        assertThat(errors.get("1").get("service").asText()).contains("lower-case service name");
        assertThat(errors.get("1").get("status").asText()).isEqualTo("must be an HTTP status from 100 to 599");
        assertThat(errors.get("1").get("duration_ms").asText()).startsWith("must be a number of milliseconds");
        assertThat(errors.get("1").get("at").asText()).startsWith("must be an ISO-8601 UTC time");
        assertThat(get("/api/activity?service=crud-engine")).as("all or nothing").isEmpty();

        assertThat(monitor.post("/api/activity", "[{\"service\":").statusCode()).isEqualTo(400);
        assertThat(monitor.post("/api/activity", "42").statusCode()).isEqualTo(400);
        assertThat(monitor.post("/api/activity", "").statusCode()).isEqualTo(400);
        var tooMany = "[" + String.join(",", IntStream.range(0, 1001).mapToObj(i -> "{\"service\":\"a\",\"type\":\"b\"}").toList()) + "]";
        assertThat(monitor.post("/api/activity", tooMany).statusCode()).isEqualTo(413);
        var badLimit = monitor.get("/api/activity?limit=ten");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(json(badLimit.body()).get("detail").asText()).isEqualTo("limit must be a whole number from 1 to 1000, not 'ten'");
        assertThat(monitor.get("/api/activity?limit=0").statusCode()).isEqualTo(400);
        assertThat(monitor.get("/api/metrics?minutes=0").statusCode()).isEqualTo(400);
        assertThat(monitor.get("/api/metrics?minutes=61").statusCode()).isEqualTo(400);
    }

    @Test
    void a_stopped_service_turns_down_and_a_restarted_one_up_again() {
        var events = service("event-store", "DBBASIC_EVENTS_PORT", List.of());
        Await.until("event-store is up", WAIT, () -> statusOf("event-store").equals("up"));
        var tile = get("/api/services").get(3);
        assertThat(tile.get("name").asText()).isEqualTo("event-store");
        assertThat(tile.get("url").asText()).isEqualTo("http://localhost:" + ports.get("DBBASIC_EVENTS_PORT") + "/");
        assertThat(tile.get("version").asText()).isNotBlank();
        assertThat(tile.get("uptime_s").isIntegralNumber()).isTrue();
        assertThat(tile.get("latency_ms").isNumber()).isTrue();
        assertThat(tile.get("last_seen").asText()).isNotBlank();

        try (var ws = ws()) {
            events.stop();
            services.remove(events);
            var started = System.nanoTime();
            ws.await("event-store down", WAIT, m -> m.contains("\"type\":\"health\"")
                    && m.matches("(?s).*\"name\":\"event-store\"[^}]*\"status\":\"down\".*"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(statusOf("event-store")).isEqualTo("down");
            assertThat(get("/api/activity?service=event-store&type=health").get(0).get("detail").get("status").asText()).isEqualTo("down");
        }

        service("event-store", "DBBASIC_EVENTS_PORT", List.of());
        Await.until("event-store is up again", WAIT, () -> statusOf("event-store").equals("up"));
    }

    @Test
    void services_report_their_requests_through_the_reporter() {
        var crud = service("crud-engine", "DBBASIC_CRUD_PORT", List.of());
        var response = new RunningAppClient(crud.port()).get("/api/beacons");
        assertThat(response.statusCode()).isEqualTo(200);

        Await.until("the crud-engine's request is in the feed", WAIT, () -> {
            var feed = get("/api/activity?service=crud-engine&type=request");
            return feed.size() == 1 && feed.get(0).get("path").asText().equals("/api/beacons")
                    && feed.get(0).get("resource").asText().equals("beacons");
        });
        Await.until("the request counts in the metrics", WAIT, () -> {
            for (var s : get("/api/metrics").get("services")) {
                if (s.get("service").asText().equals("crud-engine") && s.get("requests").asLong() == 1) {
                    return s.get("p50_ms").isNumber() && s.get("requests_per_s").asDouble() > 0;
                }
            }
            return false;
        });
        var metrics = get("/api/metrics?minutes=5");
        assertThat(metrics.get("window_s").asInt()).isEqualTo(10);
        assertThat(metrics.get("series").get("at").size()).isPositive();
        assertThat(metrics.get("series").get("services").get("crud-engine").get("requests_per_s").size())
                .isEqualTo(metrics.get("series").get("at").size());
        assertThat(get("/api/activity?service=realtime-monitor&type=request").toString())
                .as("the monitor's own ingestion is not in the feed").doesNotContain("/api/activity\",\"status\":202");
    }

    @Test
    void yaml_errors_from_the_crud_engines_health_reach_the_browsers() {
        var problems = new AtomicReference<List<String>>(List.of("beacons.yaml:3:1: error: unknown type 'strng'"));
        service("crud-engine", "DBBASIC_CRUD_PORT", new ListView(problems));
        try (var ws = ws()) {
            var message = json(ws.await("the YAML error", WAIT, m -> m.contains("\"type\":\"config_error\"") && m.contains("beacons.yaml")));
            var error = message.get("errors").get(0);
            assertThat(error.get("file").asText()).isEqualTo("beacons.yaml");
            assertThat(error.get("line").asInt()).isEqualTo(3);
            assertThat(error.get("message").asText()).isEqualTo("unknown type 'strng'");
            assertThat(statusOf("crud-engine")).isEqualTo("degraded");
            var feed = get("/api/activity?type=config_error");
            assertThat(feed).as("the error is in the feed though the service did not report it").hasSize(1);
            assertThat(feed.get(0).get("service").asText()).isEqualTo("crud-engine");
            assertThat(feed.get(0).get("detail").get("file").asText()).isEqualTo("beacons.yaml");
            assertThat(feed.get(0).get("detail").get("line").asInt()).isEqualTo(3);

            problems.set(List.of());
            ws.await("the error cleared", WAIT, m -> m.equals("{\"type\":\"config_error\",\"errors\":[]}"));
        }
    }

    @Test
    void a_yaml_error_the_service_reported_itself_is_not_repeated_in_the_feed() {
        assertThat(monitor.post("/api/activity", """
                {"service":"crud-engine","type":"config_error","detail":{"file":"beacons.yaml","line":3,"column":1,"message":"unknown type"}}""")
                .statusCode()).isEqualTo(202);
        service("crud-engine", "DBBASIC_CRUD_PORT", List.of("beacons.yaml:3:1: error: unknown type"));
        Await.until("the crud-engine is degraded", WAIT, () -> statusOf("crud-engine").equals("degraded"));
        try (var ws = ws()) {
            ws.await("the YAML error listed", WAIT, m -> m.contains("\"type\":\"config_error\"") && m.contains("beacons.yaml"));
        }

        assertThat(get("/api/activity?type=config_error")).hasSize(1);
    }

    @Test
    void a_restart_keeps_the_feed_and_the_charts() {
        assertThat(monitor.post("/api/activity", "{\"service\":\"crud-engine\",\"type\":\"reload\",\"detail\":\"posts.yaml loaded\"}").statusCode()).isEqualTo(202);
        Await.until("a sample is stored", WAIT, () -> get("/api/metrics?minutes=1").get("series").get("at").size() > 0);
        monitor.close();

        monitor = startMonitor();

        assertThat(get("/api/activity?type=reload").get(0).get("detail").asText()).isEqualTo("posts.yaml loaded");
        assertThat(get("/api/metrics?minutes=1").get("series").get("at").size()).isPositive();
    }

    @Test
    void the_dashboard_page_lists_every_service_and_loads_its_assets_locally() {
        var page = monitor.get("/").body();

        assertThat(page).contains("id=\"dbbasic-topbar\"")
                .contains("data-service=\"crud-engine\"").contains("data-service=\"event-store\"")
                .contains("data-service=\"ai-service-builder\"").contains("data-service=\"realtime-monitor\"")
                .doesNotContain("cdn.").doesNotContain("https://");
        assertThat(monitor.get("/webjars/uplot/" + io.dbbasic.common.web.Webjars.version("org.webjars.npm", "uplot") + "/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
        assertThat(monitor.get("/assets/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(monitor.get("/favicon.ico").statusCode()).isEqualTo(204);
    }

    /** A problems list the test changes while the service runs. */
    private static final class ListView extends java.util.AbstractList<String> {
        private final AtomicReference<List<String>> ref;

        ListView(AtomicReference<List<String>> ref) {
            this.ref = ref;
        }

        @Override public String get(int index) { return ref.get().get(index); }

        @Override public int size() { return ref.get().size(); }
    }

    /** GETs against a service started in this test. */
    private record RunningAppClient(int port) {
        HttpResponse<String> get(String path) {
            try {
                return java.net.http.HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
