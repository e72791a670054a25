import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * bench/crud: throughput and latency of the crud-engine's REST API, each figure next to a baseline
 * measured in the same run (CRUD engine issue, "Performance"). Started by the {@code bench/crud} script;
 * args: CRUD_ENGINE_JAR BENCH_DIR WORK_DIR. Settings come from the environment (see the script).
 *
 * <ol>
 *   <li>The real crud-engine ({@code java -jar}) starts once over {@code bench/crudbench/app} in a temp
 *       folder, creating the tables, and stops. The tables are then filled with DuckDB SQL ({@code INSERT …
 *       SELECT … FROM range(…)}) through JDBC, after checking their columns; copies of the files are made
 *       for the raw baselines; the engine starts again.</li>
 *   <li>A raw Javalin "hello" ({@link HelloApp}) starts as its own process with the same JVM options.</li>
 *   <li>Every phase runs in every round (the order reversed in even rounds, so a drift in the machine's
 *       load falls on both sides of each ratio); load comes from wrk on loopback (closed loop, fixed
 *       connections, fixed duration); the raw DuckDB phases run {@link RawDuck} in their own process.</li>
 *   <li>Each ratio is taken within a round and reported as the median over the rounds, with its range.</li>
 * </ol>
 * Every process it starts it stops (SIGTERM, then SIGKILL), on success, failure or Ctrl-C.
 */
public final class CrudBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    static final List<String> ITEM_COLUMNS = List.of("id", "name", "status", "price", "quantity", "created_at");
    static final List<String> FACT_COLUMNS = List.of("id", "region", "amount", "qty");
    static final String ITEMS_SELECT = """
            SELECT i, 'item ' || i, (['new', 'paid', 'shipped', 'cancelled'])[1 + i %% 4],
                   ((i * 7919) %% 100000)::DECIMAL(12,2) / 100, i %% 50,
                   TIMESTAMP '2026-01-01 00:00:00' + to_seconds(i)
            FROM range(1, %d) t(i)""";
    static final String FACTS_SELECT = """
            SELECT i, (['north', 'south', 'east', 'west', 'central', 'islands', 'online', 'export'])[1 + (hash(i) %% 8)::INTEGER],
                   ((i * 104729) %% 1000000)::DECIMAL(14,2) / 100, i %% 100
            FROM range(1, %d) t(i)""";

    static final String AGG_QUERY = "group_by=region&metrics=count,sum:amount,avg:amount";
    /** The SQL the engine's aggregate runs for AGG_QUERY (Aggregates.plan: avg from an exact sum and count). */
    static final String AGG_SQL = "SELECT \"region\", count(*), sum(\"amount\"), sum(\"amount\"), count(\"amount\") FROM \"facts\""
            + " GROUP BY \"region\" ORDER BY \"region\" ASC NULLS LAST";
    static final String CREATE_BODY = "{\"name\":\"bench\",\"status\":\"new\",\"price\":12.5,\"quantity\":3}";
    static final String LIST_PATH = "/api/items?status={status}&quantity%5Bgte%5D={qty}&sort=-price&limit=25";
    /** LIST_PATH with a price ceiling drawn from 901 values: about 148k distinct queries, so the engine's page cache practically never has the page. */
    static final String LIST_MISS_PATH = "/api/items?status={status}&quantity%5Bgte%5D={qty}&price%5Blte%5D={id}&sort=-price&limit=25";
    static final int HOT_IDS = 500;
    static final double CLOCK_TICKS = Double.parseDouble(env("CLK_TCK", "100"));

    record Settings(boolean quick, int rounds, int seconds, int warmup, long items, long facts, Set<String> phases,
                    boolean profile, List<String> serverJvm, Path out, Path profileOut, String rev) {
        static Settings fromEnv(Path work) {
            var quick = flag("QUICK");
            var phases = Arrays.stream(env("PHASES", "hello,get-warm,get-cold,list,list-miss,create,aggregate,raw-point,raw-commit,raw-aggregate")
                    .split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            var jvm = Arrays.stream(env("BENCH_JAVA_OPTS", "-XX:MaxGCPauseMillis=10").split("\\s+")).filter(s -> !s.isBlank()).toList();
            return new Settings(quick, intEnv("ROUNDS", quick ? 1 : 3), intEnv("SECONDS", quick ? 3 : 8), intEnv("WARMUP", quick ? 3 : 30),
                    longEnv("ITEMS", 100_000), longEnv("FACTS", quick ? 1_000_000 : 10_000_000), phases, flag("PROFILE"), jvm,
                    Path.of(env("OUT", work.resolve("results.md").toString())),
                    Path.of(env("PROFILE_OUT", System.getProperty("java.io.tmpdir") + "/crud-bench-engine.jfr")),
                    env("BENCH_REV", "unknown"));
        }
    }

    /**
     * One measured phase of one round. Latencies in milliseconds; {@code cpuSeconds}: CPU time the server process
     * (or the raw DuckDB process) used meanwhile, all its threads, DuckDB's own included.
     */
    record Result(String phase, int round, long requests, long failures, double seconds, double p50, double p90, double p99,
                  double max, double load1, double cpuSeconds) {
        double perSecond() {
            return seconds == 0 ? 0 : requests / seconds;
        }

        /** CPU milliseconds per request: less at the mercy of the machine's load than the rate. */
        double cpuMs() {
            return requests == 0 ? Double.NaN : cpuSeconds * 1000 / requests;
        }

        long ok() {
            return requests - failures;
        }
    }

    /** What a figure is compared with, and the target for it. */
    record Figure(String phase, String title, String baseline, String target) {}

    static final List<Figure> FIGURES = List.of(
            new Figure("get-warm", "GET by id, cache warm (items, 500 hot ids, 16 conns)", "hello", "≥ 0.3× hello"),
            new Figure("get-cold", "GET by id, cache cold (facts, random of all ids, 16 conns)", "hello", "— (see raw point query)"),
            new Figure("list", "list: filter + sort + limit 25 over items, 164 distinct queries (16 conns)", "hello", "≥ 1,000/s"),
            new Figure("list-miss", "list: the same with a random price ceiling, page cache missed (16 conns)", "hello", "— (≥ 1,000/s for the page above)"),
            new Figure("create", "create, durable (writes, 32 conns)", "raw-commit", "≥ 3,000/s, p99 < 50 ms"),
            new Figure("aggregate", "aggregate: group_by region, count/sum/avg over facts (1 conn)", "raw-aggregate", "≥ 0.8× raw SQL"));

    private final Path jar;
    private final Path benchDir;
    private final Path work;
    private final Settings settings;
    private final List<Process> running = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();
    private final List<JfrTop.Window> windows = new ArrayList<>();
    private final Instant started = Instant.now();
    private Process helloProcess;
    private Process engineProcess;
    private long createsAcknowledged;
    private int createRuns;

    CrudBench(Path jar, Path benchDir, Path work, Settings settings) {
        this.jar = jar;
        this.benchDir = benchDir;
        this.work = work;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        var work = Path.of(args[2]).toAbsolutePath();
        var bench = new CrudBench(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), work, Settings.fromEnv(work));
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "bench-teardown"));
        try {
            bench.run();
        } finally {
            bench.stopAll();
        }
    }

    void run() throws Exception {
        var s = settings;
        log("settings: rounds=%d seconds=%d warmup=%d items=%,d facts=%,d phases=%s jvm=%s rev=%s", s.rounds(), s.seconds(), s.warmup(),
                s.items(), s.facts(), s.phases(), s.serverJvm(), s.rev());
        var app = work.resolve("app");
        var data = work.resolve("data");
        var raw = work.resolve("raw");
        Files.createDirectories(app);
        Files.createDirectories(raw);
        for (var name : List.of("items.yaml", "writes.yaml", "facts.yaml")) {
            Files.copy(benchDir.resolve("app").resolve(name), app.resolve(name));
        }

        // 1. the engine creates the tables; we fill them while it is stopped (DuckDB locks a file to one process)
        var port = freePort();
        var engine = startEngine(app, data, port, "engine-setup", List.of());
        awaitReady(engine, port, "engine-setup");
        stop(engine);
        var t0 = System.nanoTime();
        fill(data.resolve("items.duckdb"), "items", ITEM_COLUMNS, ITEMS_SELECT.formatted(s.items() + 1));
        log("filled items: %,d rows in %.1f s", s.items(), (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        fill(data.resolve("facts.duckdb"), "facts", FACT_COLUMNS, FACTS_SELECT.formatted(s.facts() + 1));
        log("filled facts: %,d rows in %.1f s", s.facts(), (System.nanoTime() - t0) / 1e9);
        for (var name : List.of("facts.duckdb", "writes.duckdb")) {
            Files.copy(data.resolve(name), raw.resolve(name));
        }

        // 2. the servers
        var helloPort = freePort();
        var hello = start("hello", javaCommand(List.of(), "-cp", classpath(), "HelloApp", Integer.toString(helloPort)), Map.of());
        var jfr = s.profile() ? List.of("-XX:StartFlightRecording=filename=" + s.profileOut() + ",settings=default,dumponexit=true") : List.<String>of();
        engine = startEngine(app, data, port, "engine", jfr);
        awaitReady(engine, port, "engine");
        awaitHttp(hello, "http://127.0.0.1:" + helloPort + "/hello", "hello");
        helloProcess = hello;
        engineProcess = engine;
        var aggregate = preflight(port);

        // 3. load the hot ids into the engine's cache, warm up every HTTP target once (JIT), then the rounds
        if (s.phases().contains("get-warm")) {
            prime(port);
        }
        var phases = new ArrayList<String>();
        for (var phase : s.phases()) {
            if (phase.equals("aggregate") && !aggregate) {
                log("aggregate: this build of the crud-engine does not serve GET {base}/aggregate; skipped");
                continue;
            }
            phases.add(phase);
        }
        for (var phase : phases) {
            if (!phase.startsWith("raw-")) {
                measure(phase, 0, s.warmup(), helloPort, port, raw);
            }
        }
        for (var round = 1; round <= s.rounds(); round++) {
            var order = new ArrayList<>(phases);
            if (round % 2 == 0) {
                java.util.Collections.reverse(order);
            }
            for (var phase : order) {
                var result = measure(phase, round, s.seconds(), helloPort, port, raw);
                results.add(result);
                log("round %d %-13s %9.1f/s  p50 %8.2f ms  p99 %8.2f ms  failures %d  load %.1f", round, phase, result.perSecond(),
                        result.p50(), result.p99(), result.failures(), result.load1());
            }
        }
        var stored = phases.contains("create") ? total(port, "/api/writes") : -1;
        stop(engine);
        stop(hello);
        if (s.profile()) {
            log("JFR recording of the engine: %s (summary: java -cp CLASSES:JAR JfrTop %s)", s.profileOut(), s.profileOut());
            JfrTop.summarize(s.profileOut(), windows, 25, 3);
        }
        report(stored);
    }

    // ---- phases

    Result measure(String phase, int round, int seconds, int helloPort, int port, Path raw) throws Exception {
        var load = loadAverage();
        var s = settings;
        var server = phase.equals("hello") ? helloProcess : engineProcess;
        var cpuBefore = cpuSeconds(server);
        var from = Instant.now();
        JsonNode out = switch (phase) {
            case "hello" -> wrk(helloPort, "GET", "/hello", null, 0, 0, 16, seconds);
            case "get-warm" -> wrk(port, "GET", "/api/items/{id}", null, 1, HOT_IDS, 16, seconds);
            case "get-cold" -> wrk(port, "GET", "/api/facts/{id}", null, 1, s.facts(), 16, seconds);
            case "list" -> wrk(port, "GET", LIST_PATH, null, 0, 0, 16, seconds);
            case "list-miss" -> wrk(port, "GET", LIST_MISS_PATH, null, 100, 1000, 16, seconds);
            case "create" -> wrk(port, "POST", "/api/writes", CREATE_BODY, 0, 0, 32, seconds);
            case "aggregate" -> wrk(port, "GET", "/api/facts/aggregate?" + AGG_QUERY, null, 0, 0, 1, seconds);
            case "raw-point" -> rawDuck("point", raw.resolve("facts.duckdb"), seconds, "2", Long.toString(s.facts()));
            case "raw-commit" -> rawDuck("commit", raw.resolve("writes.duckdb"), seconds);
            case "raw-aggregate" -> rawDuck("sql", raw.resolve("facts.duckdb"), seconds, AGG_SQL);
            default -> throw new IllegalArgumentException("unknown phase " + phase + "; PHASES takes hello, get-warm, get-cold, list, "
                    + "list-miss, create, aggregate, raw-point, raw-commit, raw-aggregate");
        };
        if (round > 0 && !phase.startsWith("raw-")) {
            windows.add(new JfrTop.Window(phase + ", round " + round, from, Instant.now()));
        }
        var cpu = out.has("cpu_us") ? out.get("cpu_us").asLong() / 1e6 : cpuSeconds(server) - cpuBefore;
        var failures = out.get("status").asLong() + out.get("connect").asLong() + out.get("read").asLong() + out.get("write").asLong()
                + out.get("timeout").asLong();
        var result = new Result(phase, round, out.get("requests").asLong(), failures, out.get("duration_us").asLong() / 1e6,
                out.get("p50_us").asLong() / 1e3, out.get("p90_us").asLong() / 1e3, out.get("p99_us").asLong() / 1e3,
                out.get("max_us").asLong() / 1e3, load, cpu);
        if (phase.equals("create")) {
            createsAcknowledged += result.ok();
            createRuns++;
        }
        return result;
    }

    JsonNode wrk(int port, String method, String path, String body, long idMin, long idMax, int connections, int seconds) throws Exception {
        var env = new LinkedHashMap<String, String>();
        env.put("BENCH_METHOD", method);
        env.put("BENCH_PATH", path);
        env.put("BENCH_ID_MIN", Long.toString(idMin));
        env.put("BENCH_ID_MAX", Long.toString(idMax));
        if (body != null) {
            env.put("BENCH_BODY", body);
        }
        return benchLine(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
                "-s", benchDir.resolve("load.lua").toString(), "http://127.0.0.1:" + port + "/"), env, seconds + 60);
    }

    JsonNode rawDuck(String mode, Path file, int seconds, String... extra) throws Exception {
        var args = new ArrayList<>(List.of("-cp", classpath(), "RawDuck", mode, file.toString(), Integer.toString(Math.max(1, settings.warmup() / 2)),
                Integer.toString(seconds)));
        args.addAll(List.of(extra));
        return benchLine(javaCommand(List.of(), args.toArray(String[]::new)), Map.of(), seconds + settings.warmup() + 120);
    }

    /** Runs a load process to its end (bounded) and parses its {@code BENCH {json}} line. */
    JsonNode benchLine(List<String> command, Map<String, String> env, int timeoutSeconds) throws Exception {
        var process = start(command.get(0).equals("wrk") ? "wrk" : "raw", command, env);
        try {
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("did not finish in " + timeoutSeconds + " s: " + command);
            }
            return output.lines().filter(l -> l.startsWith("BENCH ")).findFirst()
                    .map(l -> {
                        try {
                            return JSON.readTree(l.substring(6));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .orElseThrow(() -> new IllegalStateException("no result from " + command + ":\n" + output));
        } finally {
            stop(process);
        }
    }

    // ---- data

    static void fill(Path file, String table, List<String> expected, String select) throws SQLException {
        var props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        try (var conn = DriverManager.getConnection("jdbc:duckdb:" + file, props); var st = conn.createStatement()) {
            var columns = new ArrayList<String>();
            try (var rows = st.executeQuery("SELECT column_name FROM duckdb_columns() WHERE table_name = '" + table + "' ORDER BY column_index")) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
            if (!columns.equals(expected)) {
                throw new IllegalStateException("the engine made " + table + " with columns " + columns + ", the bench fills " + expected
                        + ": update CrudBench to match bench/crudbench/app/" + table + ".yaml");
            }
            st.execute("INSERT INTO " + table + " (" + String.join(", ", expected) + ")\n" + select);
            st.execute("CHECKPOINT");
        }
    }

    /** Checks each target answers as the bench expects; says whether the aggregate endpoint exists. */
    boolean preflight(int port) throws Exception {
        var base = "http://127.0.0.1:" + port;
        expect(base + "/api/items/1", 200, "\"item 1\"");
        expect(base + "/api/facts/" + settings.facts(), 200, "\"region\"");
        expect(base + LIST_PATH.replace("{status}", "paid").replace("{qty}", "10"), 200, "\"total\"");
        var created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/writes")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CREATE_BODY)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /api/writes answered " + created.statusCode() + ": " + created.body());
        }
        createsAcknowledged++;
        var agg = get(base + "/api/facts/aggregate?" + AGG_QUERY);
        log("aggregate answers %d: %s", agg.statusCode(), agg.body().length() > 300 ? agg.body().substring(0, 300) + "…" : agg.body());
        return agg.statusCode() == 200 && agg.body().contains("\"groups\"");
    }

    /** GETs every hot id once (8 clients), so that get-warm measures cache hits from its first request. */
    void prime(int port) throws Exception {
        var t0 = System.nanoTime();
        var next = new java.util.concurrent.atomic.AtomicInteger(1);
        var failed = new java.util.concurrent.atomic.AtomicInteger();
        var clients = new ArrayList<Thread>();
        for (var c = 0; c < 8; c++) {
            var client = new Thread(() -> {
                for (int id; (id = next.getAndIncrement()) <= HOT_IDS; ) {
                    try {
                        if (get("http://127.0.0.1:" + port + "/api/items/" + id).statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            clients.add(client);
            client.start();
        }
        for (var client : clients) {
            client.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of the hot ids did not load");
        }
        log("cache primed with ids 1..%d in %.1f s", HOT_IDS, (System.nanoTime() - t0) / 1e9);
    }

    void expect(String url, int status, String contains) throws Exception {
        var response = get(url);
        if (response.statusCode() != status || !response.body().contains(contains)) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    long total(int port, String path) throws Exception {
        return JSON.readTree(get("http://127.0.0.1:" + port + path + "?limit=1").body()).get("total").asLong();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- report

    void report(long stored) throws IOException {
        var s = settings;
        var loads = results.stream().mapToDouble(Result::load1).sorted().toArray();
        var md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Run %s, commit %s, %s: %d round(s) of %d s per phase, items %,d rows, facts %,d rows, "
                        + "server JVM options `%s`. 1-minute load average at the phase starts: %.1f–%.1f (median %.1f) on %d cores.%n%n",
                started.toString().substring(0, 16).replace('T', ' ') + " UTC", s.rev(), s.quick() ? "QUICK=1" : "full run", s.rounds(),
                s.seconds(), s.items(), s.facts(), s.serverJvm().isEmpty() ? "(none)" : String.join(" ", s.serverJvm()),
                loads.length == 0 ? 0 : loads[0], loads.length == 0 ? 0 : loads[loads.length - 1], median(loads),
                Runtime.getRuntime().availableProcessors()));
        md.append("| figure | /s | p50 ms | p99 ms | CPU ms/req | baseline | baseline /s | baseline CPU ms/req "
                + "| rate ratio | CPU-cost ratio | target | met |\n");
        md.append("|---|---:|---:|---:|---:|---|---:|---:|---|---|---|---|\n");
        var baselines = Map.of("hello", "raw Javalin hello (16 conns)", "raw-commit", "raw DuckDB single-row commit (1 thread)",
                "raw-aggregate", "same SQL, raw DuckDB JDBC (1 thread)", "raw-point", "raw DuckDB point query (2 threads)");
        for (var figure : FIGURES) {
            figureRow(md, figure.phase(), figure.title(), figure.baseline(), baselines.get(figure.baseline()), figure.target());
            if (figure.phase().equals("get-cold")) {
                figureRow(md, "get-cold", "GET by id, cache cold, vs raw DuckDB", "raw-point", baselines.get("raw-point"), "—");
            }
        }
        md.append("""

                Ratios are taken within each round and given as the median over the rounds (range in brackets). \
                Rate ratio: this figure's requests/s ÷ the baseline's. CPU-cost ratio: the baseline's CPU time per \
                request ÷ this figure's (CPU of the whole server or raw-DuckDB process, DuckDB's threads included), \
                so 0.25 means 4× the baseline's CPU per request; it depends less on how much of the machine the \
                process got than the rate does.

                Every phase of every round (CPU: the server's, or the raw DuckDB process's; cores: its CPU seconds per second):

                | round | phase | requests | failures | /s | p50 ms | p90 ms | p99 ms | max ms | CPU ms/req | cores | load |
                |---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
                """);
        for (var r : results) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %d | %,.1f | %.2f | %.2f | %.2f | %.1f | %.3f | %.2f | %.1f |%n", r.round(),
                    r.phase(), r.requests(), r.failures(), r.perSecond(), r.p50(), r.p90(), r.p99(), r.max(), r.cpuMs(),
                    r.cpuSeconds() / r.seconds(), r.load1()));
        }
        if (stored >= 0) {
            md.append(String.format(Locale.ROOT, "%nCreates acknowledged with 201 (counted by wrk, warm-ups included): %,d; `total` of writes "
                            + "afterwards: %,d (wrk does not count requests still in flight when it stops: at most 32 per run × %d runs).%n",
                    createsAcknowledged, stored, createRuns));
            if (stored < createsAcknowledged) {
                md.append("**Fewer rows than acknowledged creates: an acknowledged write was lost.**\n");
            }
        }
        var text = md.toString();
        System.out.println();
        System.out.println(text);
        Files.createDirectories(s.out().toAbsolutePath().getParent());
        Files.writeString(s.out(), text);
        log("results written to %s (%.0f s in all)", s.out(), Duration.between(started, Instant.now()).toMillis() / 1e3);
    }

    void figureRow(StringBuilder md, String phase, String title, String baselinePhase, String baselineTitle, String target) {
        var mine = of(phase);
        var base = of(baselinePhase);
        if (mine.isEmpty()) {
            if (!base.isEmpty()) {
                md.append(String.format(Locale.ROOT, "| %s | not served by this build | | | | %s | %,.0f | %.3f | — | — | %s | not measured |%n", title,
                        baselineTitle, median(base.stream().mapToDouble(Result::perSecond).toArray()),
                        median(base.stream().mapToDouble(Result::cpuMs).toArray()), target));
            }
            return;
        }
        var rateRatios = new ArrayList<Double>();
        var cpuRatios = new ArrayList<Double>();
        for (var r : mine) {
            base.stream().filter(b -> b.round() == r.round()).findFirst().ifPresent(b -> {
                rateRatios.add(r.perSecond() / b.perSecond());
                cpuRatios.add(b.cpuMs() / r.cpuMs());
            });
        }
        var rate = median(mine.stream().mapToDouble(Result::perSecond).toArray());
        var p99 = median(mine.stream().mapToDouble(Result::p99).toArray());
        var ratio = median(rateRatios.stream().mapToDouble(Double::doubleValue).toArray());
        String met = switch (target) {
            case "≥ 0.3× hello" -> rateRatios.isEmpty() ? "not measured" : ratio >= 0.3 ? "yes" : "**no**";
            case "≥ 1,000/s" -> rate >= 1000 ? "yes" : "**no**";
            case "≥ 3,000/s, p99 < 50 ms" -> rate >= 3000 && p99 < 50 ? "yes" : "**no**";
            case "≥ 0.8× raw SQL" -> rateRatios.isEmpty() ? "not measured" : ratio >= 0.8 ? "yes" : "**no**";
            default -> "";
        };
        md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.3f | %s | %s | %s | %s | %s | %s | %s |%n", title, rate,
                median(mine.stream().mapToDouble(Result::p50).toArray()), p99, median(mine.stream().mapToDouble(Result::cpuMs).toArray()),
                baselineTitle, base.isEmpty() ? "not run" : String.format(Locale.ROOT, "%,.0f", median(base.stream().mapToDouble(Result::perSecond).toArray())),
                base.isEmpty() ? "" : String.format(Locale.ROOT, "%.3f", median(base.stream().mapToDouble(Result::cpuMs).toArray())),
                ratioText(rateRatios), ratioText(cpuRatios), target, met));
    }

    static String ratioText(List<Double> ratios) {
        if (ratios.isEmpty()) {
            return "—";
        }
        var median = median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        if (ratios.size() == 1) {
            return String.format(Locale.ROOT, "%.2f×", median);
        }
        return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", median, ratios.stream().min(Comparator.naturalOrder()).get(),
                ratios.stream().max(Comparator.naturalOrder()).get());
    }

    List<Result> of(String phase) {
        return results.stream().filter(r -> r.phase().equals(phase)).toList();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        var sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    // ---- processes

    Process startEngine(Path app, Path data, int port, String name, List<String> extraJvm) throws IOException {
        var env = new LinkedHashMap<String, String>();
        env.put("DBBASIC_APP_DIR", app.toString());
        env.put("DBBASIC_DATA_DIR", data.toString());
        env.put("DBBASIC_STATIC_DIR", work.resolve("static").toString());
        env.put("DBBASIC_CRUD_PORT", Integer.toString(port));
        // the other services' ports point at free ports nobody listens on: nothing reaches another engineer's stack
        for (var variable : List.of("DBBASIC_MONITOR_PORT", "DBBASIC_EVENTS_PORT", "DBBASIC_AI_PORT", "DBBASIC_STATIC_PORT")) {
            env.put(variable, Integer.toString(freePort()));
        }
        return start(name, javaCommand(extraJvm, "-jar", jar.toString()), env);
    }

    List<String> javaCommand(List<String> extraJvm, String... args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.serverJvm());
        command.addAll(extraJvm);
        command.add("-Dbench.work=" + work);   // marks the process as ours for the script's cleanup
        command.addAll(List.of(args));
        return command;
    }

    String classpath() {
        return work.resolve("classes") + java.io.File.pathSeparator + jar;
    }

    synchronized Process start(String name, List<String> command, Map<String, String> env) throws IOException {
        var builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        if (!name.equals("wrk") && !name.equals("raw")) {
            builder.redirectOutput(work.resolve(name + ".log").toFile());
        }
        var process = builder.start();
        running.add(process);
        writePids();
        return process;
    }

    void awaitReady(Process process, int port, String name) throws Exception {
        awaitHttp(process, "http://127.0.0.1:" + port + "/api/facts?limit=1", name);
    }

    void awaitHttp(Process process, String url, String name) throws Exception {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        var t0 = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(work.resolve(name + ".log")));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    log("%s ready in %.1f s", name, (System.nanoTime() - t0) / 1e9);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within 240 s:\n" + tail(work.resolve(name + ".log")));
    }

    synchronized void stop(Process process) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        running.remove(process);
        writePids();
    }

    synchronized void stopAll() {
        for (var process : List.copyOf(running)) {
            stop(process);
        }
    }

    void writePids() {
        try {
            Files.writeString(work.resolve("pids"), running.stream().map(p -> Long.toString(p.pid()) + "\n").collect(Collectors.joining()));
        } catch (IOException e) {
            // the script's cleanup then has less to go on; our own teardown still runs
        }
    }

    // ---- small things

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    static double cpuSeconds(Process process) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static String tail(Path file) {
        try {
            var lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static String env(String name, String fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static boolean flag(String name) {
        return env(name, "0").equals("1");
    }

    static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)));
    }

    static long longEnv(String name, long fallback) {
        return Long.parseLong(env(name, Long.toString(fallback)).replace("_", ""));
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(Locale.ROOT, format, args));
    }
}
