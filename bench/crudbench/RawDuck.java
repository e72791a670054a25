import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.duckdb.DuckDBConnection;

/**
 * The raw DuckDB JDBC baselines of bench/crud, run as their own process (same JVM options as the
 * servers) on a copy of the crud-engine's database file. No HTTP, no JSON: the floor the engine's
 * figures are compared with. Each mode runs WARMUP seconds unmeasured, then SECONDS measured, and prints
 * one line {@code BENCH {json}} in the shape of the wrk script's (latencies in microseconds), with the
 * process's CPU time over the measured seconds ({@code cpu_us}: every thread, DuckDB's own included).
 *
 * <pre>
 *   point  FILE WARMUP SECONDS THREADS MAX_ID   SELECT id, region, amount, qty FROM facts WHERE id = ? (random ids)
 *   commit FILE WARMUP SECONDS                  one durable INSERT of one row into writes per commit (auto-commit)
 *   sql    FILE WARMUP SECONDS SQL              the aggregate SQL, run again and again, every row read
 * </pre>
 */
public final class RawDuck {
    private RawDuck() {}

    interface Op {
        void run() throws SQLException;
    }

    interface OpFactory {
        Op open(DuckDBConnection conn) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        var mode = args[0];
        var file = Path.of(args[1]);
        var warmup = Integer.parseInt(args[2]);
        var seconds = Integer.parseInt(args[3]);
        var props = new Properties();
        props.setProperty("autoinstall_known_extensions", "false");
        try (var root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props)) {
            OpFactory factory;
            int threads = 1;
            switch (mode) {
                case "point" -> {
                    threads = Integer.parseInt(args[4]);
                    var maxId = Long.parseLong(args[5]);
                    factory = conn -> {
                        var st = conn.prepareStatement("SELECT id, region, amount, qty FROM facts WHERE id = ?");
                        return () -> {
                            st.setLong(1, ThreadLocalRandom.current().nextLong(1, maxId + 1));
                            try (var rows = st.executeQuery()) {
                                while (rows.next()) {
                                    for (var i = 1; i <= 4; i++) {
                                        rows.getObject(i);
                                    }
                                }
                            }
                        };
                    };
                }
                case "commit" -> {
                    long start;
                    try (var st = root.createStatement(); var rows = st.executeQuery("SELECT coalesce(max(id), 0) FROM writes")) {
                        rows.next();
                        start = rows.getLong(1);
                    }
                    var next = new long[] {start};
                    factory = conn -> {
                        conn.setAutoCommit(true);
                        var st = conn.prepareStatement(
                                "INSERT INTO writes (id, name, status, price, quantity, created_at) VALUES (?, ?, ?, ?, ?, ?)");
                        return () -> {
                            st.setLong(1, ++next[0]);
                            st.setString(2, "raw");
                            st.setString(3, "new");
                            st.setBigDecimal(4, new java.math.BigDecimal("12.50"));
                            st.setLong(5, 3);
                            st.setObject(6, LocalDateTime.now());
                            st.executeUpdate();
                        };
                    };
                }
                case "sql" -> {
                    var sql = args[4];
                    factory = conn -> {
                        var st = conn.prepareStatement(sql);
                        return () -> {
                            try (var rows = st.executeQuery()) {
                                var columns = rows.getMetaData().getColumnCount();
                                while (rows.next()) {
                                    for (var i = 1; i <= columns; i++) {
                                        rows.getObject(i);
                                    }
                                }
                            }
                        };
                    };
                }
                default -> throw new IllegalArgumentException("mode: point, commit or sql, not " + mode);
            }
            run(root, factory, threads, warmup, seconds);
        }
    }

    private static void run(DuckDBConnection root, OpFactory factory, int threads, int warmup, int seconds) throws Exception {
        var ops = new ArrayList<Op>();
        var conns = new ArrayList<Connection>();
        for (var t = 0; t < threads; t++) {
            var conn = root.duplicate();
            conns.add(conn);
            ops.add(factory.open(conn));
        }
        var latencies = new ArrayList<long[]>();
        var counts = new int[threads];
        var failures = new int[threads];
        var workers = new ArrayList<Thread>();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var cpuAtStart = new long[] {-1};
        var t0 = System.nanoTime();
        var measureFrom = t0 + warmup * 1_000_000_000L;
        var end = measureFrom + seconds * 1_000_000_000L;
        var clock = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            cpuAtStart[0] = os.getProcessCpuTime();
        }, "cpu-clock");
        clock.start();
        for (var t = 0; t < threads; t++) {
            var index = t;
            var samples = new long[1 << 16];
            latencies.add(samples);
            var worker = new Thread(() -> {
                var mine = samples;
                var n = 0;
                var op = ops.get(index);
                while (true) {
                    var start = System.nanoTime();
                    if (start >= end) {
                        break;
                    }
                    try {
                        op.run();
                    } catch (SQLException e) {
                        if (start >= measureFrom) {
                            failures[index]++;
                        }
                    }
                    if (start >= measureFrom) {
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - start;
                    }
                }
                latencies.set(index, mine);
                counts[index] = n;
            }, "raw-" + t);
            workers.add(worker);
            worker.start();
        }
        for (var worker : workers) {
            worker.join();
        }
        var measuredNanos = System.nanoTime() - measureFrom;
        var cpuNanos = os.getProcessCpuTime() - cpuAtStart[0];
        clock.join();
        for (var conn : conns) {
            conn.close();
        }
        var total = Arrays.stream(counts).sum();
        var all = new long[total];
        var at = 0;
        for (var t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        var mean = total == 0 ? 0 : Arrays.stream(all).average().orElse(0) / 1e3;
        System.out.printf(Locale.ROOT, "BENCH {\"requests\":%d,\"duration_us\":%d,\"connect\":0,\"read\":0,\"write\":0,\"status\":%d,"
                        + "\"timeout\":0,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"mean_us\":%.1f,\"cpu_us\":%d}%n",
                total, measuredNanos / 1000, Arrays.stream(failures).sum(), us(all, 0.50), us(all, 0.90), us(all, 0.99),
                total == 0 ? 0 : all[total - 1] / 1000, mean, cpuNanos / 1000);
    }

    private static long us(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))] / 1000;
    }
}
