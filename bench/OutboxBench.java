// The outbox relay's throughput: how fast a crud-engine empties a backlog of changes into the event store
// once the store is back, next to the rate of the same appends sent straight to the store with the same
// client and concurrency, measured in the same run. Not part of `mvn verify`.
//
//   bench/outbox.sh [records] [seconds-per-baseline]      (builds the jars if missing, runs this file with them)
//
// Phases, one JVM, loopback:
//   1. warm-up: appends straight to the store, and a first backlog of N/10 creates relayed.
//   2. creates: with the store down, N records are created through the crud-engine (bulk, 1,000 per
//      request); the store starts; time from its start until the crud-engine reports nothing pending (the
//      relay's retry wait is at most 50 ms here).
//   3. updates: the store stops; 100 records get N/100 updates each; the store starts again; same timing.
//   4. baselines, with everything warm: as many threads as the relay uses append with EventStoreClient, one
//      event per request to fresh streams (what the relay sends for a backlog of creates), then 100 events per
//      request (the most it sends for a stream with many changes).
//
// Auth (docs/auth.md): the crud-engine and the store share one data dir, as in a stack started by
// ./dbbasic, so they share the signing key: the relay's service token (ServiceTokens, renewed) is
// accepted by the store. The bench logs in as `admin` (DBBASIC_ADMIN_PASSWORD, a random one per run) and
// sends that token with its bulk writes and /api/system/outbox reads (admin-only). The baselines append
// with the same client and the same kind of header the relay sends, a crud-engine service token.

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.ServiceTokens;
import io.dbbasic.common.events.EventStoreClient;
import io.dbbasic.common.events.ExpectedVersion;
import io.dbbasic.common.events.NewEvent;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.events.EventStoreApp;
import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class OutboxBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Map<String, Object> DATA = Map.of("record", Map.of("id", 1, "title", "hello world"),
            "changes", Map.of("title", java.util.Arrays.asList(null, "hello world")));
    /** {@code Bearer <login token>} of {@code admin}, for the requests to the crud-engine. */
    static String authorization;
    static final int RELAY_CONCURRENCY = io.dbbasic.crud.outbox.RelaySettings.DEFAULTS.concurrentAppends();

    public static void main(String[] args) throws Exception {
        var records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        var seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        var dir = Files.createTempDirectory("outbox-bench");
        System.out.printf("outbox bench: %d records, %d s per baseline, %d cores, load %s%n", records, seconds,
                Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        var storePort = freePort();
        var monitorPort = freePort();

        var store = startStore(dir, storePort, monitorPort);
        // What the relay sends: a crud-engine service token signed with the data dir's key (the store made it).
        var serviceTokens = ServiceTokens.forService(Environment.of(Map.of("DBBASIC_DATA_DIR", dir.resolve("data").toString())), "crud-engine");
        var client = new EventStoreClient(URI.create("http://localhost:" + storePort), Duration.ofSeconds(30),
                () -> Optional.of(serviceTokens.authorization()));
        var anonymous = new EventStoreClient(URI.create("http://localhost:" + storePort), Duration.ofSeconds(30), Optional::empty);
        if (anonymous.append("anonymous", ExpectedVersion.NO_STREAM, List.of(new NewEvent(UUID.randomUUID(), "items.created", DATA))).delivered()) {
            throw new IllegalStateException("the store took an append without credentials");
        }
        appends(client, 1, 5, "warm");
        appends(client, 100, 5, "warm-batched");
        store.stop();

        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/items.yaml"), """
                resource: items
                fields:
                  id: {type: primary_key}
                  title: {type: string, required: true}
                api: {enable_bulk: true}
                """);
        var password = randomPassword();
        var crud = CrudEngineApp.create(Environment.of(Map.of("DBBASIC_APP_DIR", dir.resolve("app").toString(),
                "DBBASIC_DATA_DIR", dir.resolve("data").toString(), "DBBASIC_EVENTS_PORT", Integer.toString(storePort),
                "DBBASIC_MONITOR_PORT", Integer.toString(monitorPort), "DBBASIC_OUTBOX_MAX_RETRY_MS", "50",
                "DBBASIC_ADMIN_PASSWORD", password))).start(0);
        var base = "http://localhost:" + crud.port();
        try {
            var login = JSON.readTree(send(base, "POST", "/api/auth/login",
                    JSON.writeValueAsString(Map.of("username", "admin", "password", password)), 200));
            authorization = "Bearer " + login.get("token").asText();
            createAll(base, records / 10);   // warm-up of the crud-engine's and the relay's code
            store = drain(base, records / 10, () -> startStore(dir, storePort, monitorPort)).store();
            store.stop();

            createAll(base, records);
            var creates = drain(base, records, () -> startStore(dir, storePort, monitorPort));
            store = creates.store();

            store.stop();
            var perRecord = Math.max(1, records / 100);
            for (var round = 0; round < perRecord; round += 10) {
                var items = new StringBuilder("[");
                for (var r = round; r < Math.min(perRecord, round + 10); r++) {
                    for (var id = 1; id <= 100; id++) {
                        items.append(items.length() == 1 ? "" : ",").append("{\"id\":").append(id).append(",\"title\":\"v").append(r).append("\"}");
                    }
                }
                send(base, "PATCH", "/api/items/bulk", items.append(']').toString(), 200);
            }
            var updates = drain(base, 100L * perRecord, () -> startStore(dir, storePort, monitorPort));
            store = updates.store();
            var rawSingle = appends(client, 1, seconds, "single");
            var rawBatched = appends(client, 100, seconds, "batched");

            System.out.println();
            System.out.println("| measure | result | baseline in the same run | ratio |");
            System.out.println("|---|---|---|---|");
            System.out.printf("| raw appends, 1 event per request to a new stream, %d threads (EventStoreClient) | %.0f events/s | | |%n", RELAY_CONCURRENCY, rawSingle);
            System.out.printf("| raw appends, 100 events per request, %d threads | %.0f events/s | | |%n", RELAY_CONCURRENCY, rawBatched);
            System.out.printf("| relay: backlog of %d creates (one per stream) drained | %.0f events/s (%.1f s) | raw 1 per request %.0f | %.2f× |%n",
                    records, creates.rate(), creates.seconds(), rawSingle, creates.rate() / rawSingle);
            System.out.printf("| relay: backlog of %d updates (100 streams) drained | %.0f events/s (%.1f s) | raw 100 per request %.0f | %.2f× |%n",
                    100L * perRecord, updates.rate(), updates.seconds(), rawBatched, updates.rate() / rawBatched);
        } finally {
            crud.stop();
            store.stop();
        }
        System.exit(0);
    }

    /** Creates {@code count} records through the bulk endpoint, 1,000 per request. */
    static void createAll(String base, int count) throws Exception {
        for (var from = 0; from < count; from += 1_000) {
            var items = new StringBuilder("[");
            for (var i = from; i < Math.min(count, from + 1_000); i++) {
                items.append(i == from ? "" : ",").append("{\"title\":\"item ").append(i).append("\"}");
            }
            send(base, "POST", "/api/items/bulk", items.append(']').toString(), 201);
        }
    }

    record Drained(double rate, double seconds, Javalin store) {}

    interface Starter {
        Javalin start() throws Exception;
    }

    /** Starts the store, then times from when it answers until the crud-engine's outbox has nothing pending. */
    static Drained drain(String base, long events, Starter starter) throws Exception {
        var store = starter.start();
        var started = System.nanoTime();
        while (JSON.readTree(send(base, "GET", "/api/system/outbox", null, 200)).get("databases").get(0).get("pending").asLong() > 0) {
            Thread.sleep(20);
        }
        var seconds = (System.nanoTime() - started) / 1e9;
        return new Drained(events / seconds, seconds, store);
    }

    static Javalin startStore(Path dir, int port, int monitorPort) {
        return EventStoreApp.create(Environment.of(Map.of("DBBASIC_DATA_DIR", dir.resolve("data").toString(),
                "DBBASIC_APP_DIR", dir.resolve("store-app").toString(), "DBBASIC_MONITOR_PORT", Integer.toString(monitorPort)))).start(port);
    }

    /** {@code RELAY_CONCURRENCY} threads append {@code perRequest} events per request to streams of their own, for {@code seconds}. */
    static double appends(EventStoreClient client, int perRequest, int seconds, String prefix) throws Exception {
        var pool = Executors.newFixedThreadPool(RELAY_CONCURRENCY);
        var events = new AtomicLong();
        var streams = new AtomicLong();
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var started = System.nanoTime();
        var workers = new ArrayList<Future<?>>();
        for (var t = 0; t < RELAY_CONCURRENCY; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    var batch = new ArrayList<NewEvent>(perRequest);
                    for (var i = 0; i < perRequest; i++) {
                        batch.add(new NewEvent(UUID.randomUUID(), "items.created", DATA));
                    }
                    var outcome = client.append(prefix + "-" + streams.incrementAndGet(), ExpectedVersion.NO_STREAM, batch);
                    if (!outcome.delivered()) {
                        throw new IllegalStateException(outcome.toString());
                    }
                    events.addAndGet(perRequest);
                }
                return null;
            }));
        }
        for (var worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return events.get() / ((System.nanoTime() - started) / 1e9);
    }

    static String send(String base, String method, String path, String body, int expected) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** A throwaway admin password for this run (the crud-engine creates `admin` with it on first start). */
    static String randomPassword() {
        var bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
