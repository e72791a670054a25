package io.dbbasic.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Await;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Http;
import io.dbbasic.testing.Logins;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as its own JVM, killed with SIGKILL in the middle of a stream of appends and started
 * again on the same data dir: every acknowledged event is there, positions run 1..N without a gap,
 * versions per stream are contiguous, and appends go on from there.
 */
class CrashRecoveryIT {
    @TempDir Path dir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Process start(int port) throws IOException {
        var jar = Path.of("target/event-store.jar").toAbsolutePath();
        assertThat(jar).exists();
        var builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("event-store.log").toFile()));
        builder.environment().put("DBBASIC_DATA_DIR", dir.resolve("data").toString());
        builder.environment().put("DBBASIC_APP_DIR", dir.resolve("app").toString());
        builder.environment().put("DBBASIC_EVENTS_PORT", Integer.toString(port));
        var process = builder.start();
        Await.until("the event store answers /health", Duration.ofSeconds(60),
                () -> Http.answersOk(URI.create("http://localhost:" + port + "/health")));
        return process;
    }

    HttpResponse<String> post(int port, String stream, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/streams/" + stream))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("Authorization", Logins.admin(dir.resolve("data")))   // every endpoint but /health and /metrics needs an account
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void every_acknowledged_event_survives_a_kill_9_and_positions_have_no_gap() throws Exception {
        var port = FreePorts.pick(1).get(0);
        var process = start(port);
        Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        var pool = Executors.newFixedThreadPool(4);
        var enough = new CountDownLatch(40);
        try {
            for (int w = 0; w < 4; w++) {
                var writer = w;
                pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        var id = UUID.randomUUID();
                        try {
                            var r = post(port, "crash-" + writer, "{\"id\":\"" + id + "\",\"type\":\"Tick\",\"data\":{\"i\":" + i + "}}");
                            if (r.statusCode() == 201) {
                                acknowledged.add(id);
                                enough.countDown();
                            }
                        } catch (IOException e) {
                            return null;   // the process is gone
                        }
                    }
                    return null;
                });
            }
            assertThat(enough.await(120, TimeUnit.SECONDS)).isTrue();
            process.destroyForcibly();   // SIGKILL: no shutdown hook, no checkpoint
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        var again = start(port);
        var admin = Logins.admin(dir.resolve("data"));
        try {
            var stored = new ArrayList<UUID>();
            var positions = new ArrayList<Long>();
            long next = 1;
            while (true) {
                var page = EventStore.JSON.readTree(Http.get(URI.create("http://localhost:" + port + "/events?limit=10000&from_position=" + next), admin).body());
                page.get("events").forEach(e -> {
                    stored.add(UUID.fromString(e.get("id").asText()));
                    positions.add(e.get("position").asLong());
                });
                if (page.get("events").isEmpty()) {
                    break;
                }
                next = page.get("next_position").asLong();
            }
            assertThat(stored).containsAll(acknowledged);
            assertThat(positions).containsExactlyElementsOf(LongStream.rangeClosed(1, positions.size()).boxed().toList());
            for (int w = 0; w < 4; w++) {
                var events = EventStore.JSON.readTree(Http.get(URI.create("http://localhost:" + port + "/streams/crash-" + w + "?limit=10000"), admin).body()).get("events");
                List<Long> versions = new ArrayList<>();
                events.forEach(e -> versions.add(e.get("version").asLong()));
                assertThat(versions).containsExactlyElementsOf(LongStream.range(0, versions.size()).boxed().toList());
            }
            var after = post(port, "crash-0", "{\"type\":\"After\",\"data\":{}}");
            assertThat(after.statusCode()).isEqualTo(201);
            assertThat(EventStore.JSON.readTree(after.body()).get("first_position").asLong()).isEqualTo(positions.size() + 1);
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(dir.resolve("event-store.log"))).doesNotContain("positions are not contiguous");
    }
}
