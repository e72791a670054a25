// Event store throughput: appends (batched and single), replay over /events, subscription lag, each next to
// a baseline measured in the same run on the same machine: raw DuckDB (the same table and keys, the JDBC
// appender, one commit per batch) and a raw Javalin "hello" POST. Not part of `mvn verify`.
//
//   bench/event-store.sh [seconds-per-phase]      (builds the jar, then runs this file with it)
//
// Everything runs in one JVM on loopback: the clients compete with the server for the same cores, as
// they do for the Javalin baseline, which is why the ratios matter more than the absolute figures.
//
// Auth (docs/auth.md): the store needs an account on every endpoint but /health and /metrics, so every
// request and the /subscribe upgrade carry `Authorization: Bearer <login token>`, a token for `admin`
// signed with the key in the store's own data dir, as the crud-engine signs logins (the store checks the
// signature, no crud-engine runs here). The Javalin baseline gets the same header, so it pays the same bytes.

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import io.dbbasic.common.service.Environment;
import io.dbbasic.events.EventStoreApp;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;

public class EventStoreBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DATA = "{\"record\":{\"id\":1,\"title\":\"hello world\",\"status\":\"draft\"},\"changes\":{\"title\":[null,\"hello world\"]},\"user\":null}";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** {@code Bearer <token>} sent with every request; set once the store's data dir holds its signing key. */
    static String authorization;

    public static void main(String[] args) throws Exception {
        var seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        var dir = Files.createTempDirectory("es-bench");
        System.out.printf("event-store bench: %d s per phase, %d cores, %s%n", seconds, Runtime.getRuntime().availableProcessors(),
                new String(Files.readAllBytes(Path.of("/proc/loadavg"))).trim());

        var rawBatch = rawDuckDb(dir.resolve("raw-batch.duckdb"), 100, seconds);
        var rawSingle = rawDuckDb(dir.resolve("raw-single.duckdb"), 1, seconds);
        var rawRead = rawRead(dir.resolve("raw-batch.duckdb"));
        // The key is made here (the store reads the same file when it starts), so the baseline can send the header too.
        authorization = adminLogin(dir.resolve("data"), Duration.ofHours(1));
        var hello = javalinHello(32, seconds);

        // DBBASIC_MONITOR_PORT: a free port, so activity reports go nowhere rather than to a monitor of another stack on 8004.
        var env = Environment.of(Map.of("DBBASIC_DATA_DIR", dir.resolve("data").toString(), "DBBASIC_APP_DIR", dir.resolve("app").toString(),
                "DBBASIC_MONITOR_PORT", Integer.toString(freePort())));
        var app = EventStoreApp.create(env).start(0);
        var base = "http://localhost:" + app.port();
        try {
            var unauthenticated = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/events?limit=1")).build(), HttpResponse.BodyHandlers.discarding());
            if (unauthenticated.statusCode() != 401) {   // the gate is on: what follows is measured with auth
                throw new IllegalStateException("the store answered " + unauthenticated.statusCode() + " without credentials; expected 401");
            }
            appends(base, 4, 100, 2, "warm");   // JIT
            var batched = appends(base, 4, 100, seconds, "batch");
            var single = appends(base, 32, 1, seconds, "single");
            var replay = replay(base);
            var lag = subscriptionLag(base, app.port(), seconds);

            System.out.println();
            System.out.println("| measure | result | baseline in the same run | ratio |");
            System.out.println("|---|---|---|---|");
            row("raw DuckDB, 100 rows per commit (appender, same table and keys)", rawBatch, "events/s", "", 0, "");
            row("raw DuckDB, 1 row per commit", rawSingle, "commits/s", "", 0, "");
            row("raw Javalin hello, POST, 32 clients", hello, "req/s", "", 0, "");
            row("batched appends, 100 events per request, 4 clients", batched, "events/s", "raw DuckDB 100/commit", rawBatch, "");
            row("single-event appends, 32 clients", single, "events/s", "Javalin hello", hello, "");
            System.out.printf("| single-event appends vs raw DuckDB 1 row per commit | %.0f events/s | %.0f commits/s | %.2f× |%n", single, rawSingle, single / rawSingle);
            row("raw DuckDB read, pages of 10,000 in position order (JDBC, all columns)", rawRead, "events/s", "", 0, "");
            row("replay of the whole log over /events (limit 10000, next_position)", replay, "events/s", "raw DuckDB read", rawRead, "");
            System.out.printf("| subscription lag (append acknowledged → message received), p50 / p99 / max | %.2f / %.2f / %.2f ms | | |%n", lag[0], lag[1], lag[2]);
        } finally {
            app.stop();
        }
        System.exit(0);
    }

    static void row(String what, double value, String unit, String baselineName, double baseline, String note) {
        if (baseline > 0) {
            System.out.printf("| %s | %.0f %s | %s %.0f | %.2f× |%n", what, value, unit, baselineName, baseline, value / baseline);
        } else {
            System.out.printf("| %s | %.0f %s | | |%n", what, value, unit);
        }
    }

    /** The event store's own table and keys, filled with the JDBC appender, one commit per {@code perCommit} rows. */
    static double rawDuckDb(Path file, int perCommit, int seconds) throws Exception {
        var root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
        var conn = (DuckDBConnection) root.duplicate();
        try (var st = conn.createStatement()) {
            st.execute("CREATE TABLE events (position BIGINT NOT NULL, id UUID NOT NULL UNIQUE, stream VARCHAR NOT NULL, version BIGINT NOT NULL, "
                    + "type VARCHAR NOT NULL, category VARCHAR NOT NULL, data VARCHAR NOT NULL, metadata VARCHAR, recorded_at TIMESTAMP NOT NULL, UNIQUE (stream, version))");
            st.execute("CREATE INDEX events_by_stream ON events (stream)");
        }
        conn.setAutoCommit(false);
        long position = 0;
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var started = System.nanoTime();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            try (var appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
                for (int i = 0; i < perCommit; i++) {
                    position++;
                    appender.beginRow();
                    appender.append(position);
                    appender.append(UUID.randomUUID());
                    appender.append("posts-" + position);
                    appender.append(0L);
                    appender.append("posts.created");
                    appender.append("posts");
                    appender.append(DATA);
                    appender.appendNull();
                    appender.appendEpochMicros(System.currentTimeMillis() * 1000);
                    appender.endRow();
                }
            }
            conn.commit();
            rows += perCommit;
        }
        var rate = rows / ((System.nanoTime() - started) / 1e9);
        conn.close();
        root.close();
        return rate;
    }

    /** Reads the raw table back in pages of 10,000 by position, every column, as /events does. */
    static double rawRead(Path file) throws Exception {
        try (var conn = DriverManager.getConnection("jdbc:duckdb:" + file);
             var ps = conn.prepareStatement("SELECT id, stream, version, position, type, data, metadata, epoch_us(recorded_at) FROM events "
                     + "WHERE position >= ? AND position <= ? ORDER BY position LIMIT 10000")) {
            long rows = 0;
            long from = 1;
            var started = System.nanoTime();
            while (true) {
                ps.setLong(1, from);
                ps.setLong(2, from + 9_999);
                long n = 0;
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1, UUID.class);
                        rs.getString(2);
                        rs.getLong(3);
                        rs.getLong(4);
                        rs.getString(5);
                        rs.getString(6);
                        rs.getString(7);
                        rs.getLong(8);
                        n++;
                    }
                }
                if (n == 0) {
                    break;
                }
                rows += n;
                from += 10_000;
            }
            return rows / ((System.nanoTime() - started) / 1e9);
        }
    }

    static double javalinHello(int clients, int seconds) throws Exception {
        var app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/hello", ctx -> ctx.status(201).contentType("application/json").result("{\"ok\":true}"));
        }).start(0);
        try {
            var uri = URI.create("http://localhost:" + app.port() + "/hello");
            var body = "{\"type\":\"T\",\"data\":" + DATA + "}";
            return load(clients, seconds, () -> {
                var r = HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 201 ? 1 : 0;
            });
        } finally {
            app.stop();
        }
    }

    /** Appends from {@code clients} threads, {@code perRequest} events per request (each with an id), to their own streams. */
    static double appends(String base, int clients, int perRequest, int seconds, String prefix) throws Exception {
        var counter = new AtomicLong();
        return load(clients, seconds, () -> {
            var n = counter.incrementAndGet();
            var body = new StringBuilder(perRequest == 1 ? "" : "[");
            for (int i = 0; i < perRequest; i++) {
                body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID()).append("\",\"type\":\"posts.created\",\"data\":").append(DATA).append('}');
            }
            if (perRequest > 1) {
                body.append(']');
            }
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/streams/" + prefix + "-" + (n % 1000)))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            return perRequest;
        });
    }

    static double replay(String base) throws Exception {
        long next = 1;
        long events = 0;
        var started = System.nanoTime();
        while (true) {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/events?limit=10000&from_position=" + next))
                    .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/events answered " + r.statusCode() + " " + r.body());
            }
            var page = JSON.readTree(r.body());
            var n = page.get("events").size();
            if (n == 0) {
                break;
            }
            events += n;
            next = page.get("next_position").asLong();
        }
        var rate = events / ((System.nanoTime() - started) / 1e9);
        System.out.printf("replayed %d events%n", events);
        return rate;
    }

    /** One live subscriber; 4 clients append single events carrying their send time; lag is receive time minus acknowledgement time. */
    static double[] subscriptionLag(String base, int port, int seconds) throws Exception {
        var acked = new java.util.concurrent.ConcurrentHashMap<Long, Long>();
        var lags = new CopyOnWriteArrayList<Double>();
        var open = new CountDownLatch(1);
        var socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", authorization).buildAsync(URI.create("ws://localhost:" + port + "/subscribe"),
                new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();
                    @Override public void onOpen(WebSocket ws) { open.countDown(); ws.request(1); }
                    @Override public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            var now = System.nanoTime();
                            try {
                                var position = JSON.readTree(partial.toString()).get("position").asLong();
                                var sent = acked.remove(position);
                                if (sent != null) {
                                    lags.add((now - sent) / 1e6);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        open.await();
        Thread.sleep(500);   // the subscription registers after the handshake
        load(4, seconds, () -> {
            var sent = System.nanoTime();
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/streams/lag-" + Thread.currentThread().getId()))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"Lag\",\"data\":{}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException(r.statusCode() + " " + r.body());
            }
            var position = JSON.readTree(r.body()).get("last_position").asLong();
            acked.put(position, System.nanoTime());   // lag counts from the acknowledgement the client saw
            Thread.sleep(2);
            return sent > 0 ? 1 : 0;
        });
        Thread.sleep(1000);
        socket.abort();
        var sorted = new ArrayList<>(lags);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        return new double[] {sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1)};
    }

    /**
     * {@code Bearer <token>} of {@code admin} (account 1), signed with the key in {@code dataDir/secrets/}
     * as the crud-engine signs a login; as {@code testing}'s {@code Logins.admin}.
     */
    static String adminLogin(Path dataDir, Duration lifetime) {
        var clock = Clock.systemUTC();
        var sessionId = new byte[32];
        new SecureRandom().nextBytes(sessionId);
        var session = new TokenClaims.Session(1, "admin", List.of("admin"),
                Base64.getUrlEncoder().withoutPadding().encodeToString(sessionId), clock.instant().plus(lifetime));
        return "Bearer " + new Tokens(SigningKey.loadOrCreate(dataDir), clock).issue(session);
    }

    static int freePort() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    interface Work {
        int run() throws Exception;
    }

    /** Runs {@code work} from {@code clients} threads for {@code seconds}; returns units per second. */
    static double load(int clients, int seconds, Work work) throws Exception {
        var pool = Executors.newFixedThreadPool(clients);
        var units = new AtomicLong();
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        var started = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    units.addAndGet(work.run());
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        return units.get() / ((System.nanoTime() - started) / 1e9);
    }
}
