package io.dbbasic.common.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every service reports its requests through the bootstrap, except health, metrics, assets and skipped ones. */
class RequestActivityTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final LinkedBlockingQueue<Activity> delivered = new LinkedBlockingQueue<>();
    private Javalin app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void start(Path dir) {
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", dir.resolve("app").toString(), "DBBASIC_DATA_DIR", dir.resolve("data").toString()));
        app = Service.create("crud-engine", env, delivered::addAll, wiring -> {
            wiring.routes().before(ctx -> { /* a filter on "*" must not pass for the route that answered */ });
            wiring.routes().get("/api/{resource}", ctx -> ctx.json(List.of()));
            wiring.routes().post("/ingest", ctx -> {
                ctx.attribute(RequestActivity.SKIP, true);
                ctx.status(202);
            });
            wiring.routes().get("/custom", ctx -> {
                ctx.attribute(RequestActivity.RESOURCE, "posts");
                ctx.result("ok");
            });
        }).start(0);
    }

    private int get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Activity next() throws InterruptedException {
        var activity = delivered.poll(5, TimeUnit.SECONDS);
        assertThat(activity).as("an activity event within 5 s").isNotNull();
        return activity;
    }

    @Test
    void reports_requests_with_route_resource_status_and_duration(@TempDir Path dir) throws Exception {
        start(dir);

        get("/api/posts?title=secret");
        var activity = next();

        assertThat(activity.service()).isEqualTo("crud-engine");
        assertThat(activity.type()).isEqualTo(Activity.REQUEST);
        assertThat(activity.method()).isEqualTo("GET");
        assertThat(activity.path()).isEqualTo("/api/posts");   // no query string: it may hold secrets
        assertThat(activity.status()).isEqualTo(200);
        assertThat(activity.resource()).isEqualTo("posts");
        assertThat(activity.durationMs()).isNotNegative();
        assertThat(activity.at()).isNotNull();
    }

    @Test
    void leaves_out_health_metrics_webjars_and_marked_requests_but_keeps_errors(@TempDir Path dir) throws Exception {
        start(dir);

        get("/health");
        get("/metrics");
        get("/webjars/bootstrap/" + io.dbbasic.common.web.Webjars.version("org.webjars", "bootstrap") + "/css/bootstrap.min.css");
        client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/ingest"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        get("/no/such/page");
        get("/custom");

        var seen = new ArrayList<Activity>();
        seen.add(next());
        seen.add(next());
        assertThat(seen).extracting(Activity::path, Activity::status, Activity::resource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/no/such/page", 404, null),
                        org.assertj.core.groups.Tuple.tuple("/custom", 200, "posts"));
        assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).as("nothing else was reported").isNull();
    }
}
