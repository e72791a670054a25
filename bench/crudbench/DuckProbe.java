import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Profiling aid: what the crud-engine's statements cost DuckDB, in CPU time of the calling thread, with
 * {@code SET threads = 1} so that all of DuckDB's work for a statement runs on that thread (CPU time, not
 * wall time: a loaded machine stretches wall time, much less CPU time). Tables shaped as bench/crud's
 * (items 100k rows, facts 1M rows, writes, the change log), statements as the engine writes them
 * (RecordTable, ChangeLog), each next to a variant. Not run by bench/crud.
 *
 *   javac -d /tmp/probe -cp crud-engine/target/crud-engine.jar bench/crudbench/DuckProbe.java
 *   java -cp /tmp/probe:crud-engine/target/crud-engine.jar DuckProbe WORK_DIR [SECONDS_PER_LINE (2)] [BATCH (22)]
 */
public final class DuckProbe {
    private static final String ROW = "SELECT \"id\", \"name\", \"status\", \"price\", \"quantity\", \"created_at\" FROM \"items\"";
    private static final String FILTER = " WHERE \"status\" = ? AND \"quantity\" >= ?";
    private static final String RECORD = "INSERT INTO \"writes\" (\"id\", \"name\", \"status\", \"price\", \"quantity\", \"created_at\") VALUES ";
    private static final String CHANGE = "INSERT INTO _dbbasic_changes (resource, position, type, record_id, record, changes, caller, changed_at, event_id) VALUES ";

    interface Op {
        /** Runs once; returns how many units (rows, queries) it did. */
        int run(Connection conn) throws SQLException;
    }

    private static double seconds;
    private static long nextId;

    private DuckProbe() {}

    public static void main(String[] args) throws Exception {
        var work = Files.createDirectories(Path.of(args[0]));
        seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        var batch = args.length > 2 ? Integer.parseInt(args[2]) : 22;
        var file = work.resolve("probe-" + System.nanoTime() + ".duckdb");
        try (var conn = DriverManager.getConnection("jdbc:duckdb:" + file); var st = conn.createStatement()) {
            st.execute("SET threads = 1");
            st.execute("CREATE TABLE items (id BIGINT, name VARCHAR NOT NULL, status VARCHAR, price DECIMAL(10,2), quantity BIGINT, "
                    + "created_at TIMESTAMP, PRIMARY KEY (id))");
            st.execute("INSERT INTO items SELECT i, 'item ' || i, (['new', 'paid', 'shipped', 'cancelled'])[1 + i % 4], "
                    + "((i * 7919) % 100000)::DECIMAL(12,2) / 100, i % 50, TIMESTAMP '2026-01-01' + to_seconds(i) FROM range(1, 100001) t(i)");
            st.execute("CREATE TABLE facts (id BIGINT, region VARCHAR, amount DECIMAL(12,2), qty BIGINT, PRIMARY KEY (id))");
            st.execute("INSERT INTO facts SELECT i, 'north', (i % 100000)::DECIMAL(14,2) / 100, i % 100 FROM range(1, 1000001) t(i)");
            st.execute("CREATE TABLE writes (id BIGINT, name VARCHAR NOT NULL, status VARCHAR DEFAULT 'new', price DECIMAL(10,2), "
                    + "quantity BIGINT, created_at TIMESTAMP, PRIMARY KEY (id))");
            st.execute("""
                    CREATE TABLE _dbbasic_changes (resource VARCHAR NOT NULL, position BIGINT NOT NULL, type VARCHAR NOT NULL,
                        record_id BIGINT NOT NULL, record VARCHAR NOT NULL, changes VARCHAR NOT NULL, caller VARCHAR,
                        changed_at TIMESTAMP NOT NULL, event_id VARCHAR NOT NULL, relayed BOOLEAN NOT NULL DEFAULT false,
                        PRIMARY KEY (resource, position))""");
            st.execute("CHECKPOINT");
            System.out.printf(Locale.ROOT, "DuckDB CPU per unit, calling thread, threads=1 (load average %s)%n", load());

            System.out.println("-- GET by id on a cache miss (facts, 1M rows)");
            probe(conn, "engine: WHERE id IN (?), prepared per call", "query", c -> point(c, "IN (?)"));
            probe(conn, "WHERE id = ?, prepared per call", "query", c -> point(c, "= ?"));
            try (var reused = conn.prepareStatement("SELECT \"id\", \"region\", \"amount\", \"qty\" FROM \"facts\" WHERE \"id\" = ?")) {
                probe(conn, "WHERE id = ?, one prepared statement reused", "query", c -> read(bindId(reused)));
            }

            System.out.println("-- list page: filter + sort + limit 25 (items, 100k rows)");
            probe(conn, "engine: rows (ORDER BY price DESC, id LIMIT ? OFFSET ?)", "query",
                    c -> list(c, ROW + FILTER + " ORDER BY \"price\" DESC NULLS LAST, \"id\" ASC LIMIT ? OFFSET ?", true));
            probe(conn, "engine: count(*) with the same filter", "query", c -> list(c, "SELECT count(*) FROM \"items\"" + FILTER, false));
            probe(conn, "rows without ORDER BY", "query", c -> list(c, ROW + FILTER + " LIMIT ? OFFSET ?", true));

            System.out.printf(Locale.ROOT, "-- a group commit of %d creates (writes + change log), commit included%n", batch);
            probe(conn, "engine: an INSERT per record + change rows via executeBatch", "row", c -> commit(c, batch, false, false));
            probe(conn, "same, prepared statements reused within the group", "row", c -> commit(c, batch, false, true));
            probe(conn, "one multi-row INSERT for the records, one for the change rows", "row", c -> commit(c, batch, true, false));
            probe(conn, "engine, a group of 1 (one create alone)", "row", c -> commit(c, 1, false, false));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(Path.of(file + ".wal"));
        }
    }

    private static void probe(Connection conn, String label, String unit, Op op) throws SQLException {
        var threads = ManagementFactory.getThreadMXBean();
        for (var i = 0; i < 20; i++) {
            op.run(conn);   // JIT and DuckDB caches
        }
        var units = 0L;
        var cpu0 = threads.getCurrentThreadCpuTime();
        var end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            units += op.run(conn);
        }
        var cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
        System.out.printf(Locale.ROOT, "  %-66s %8.3f ms CPU per %s (%,d)%n", label, cpuMs / units, unit, units);
    }

    private static int point(Connection conn, String predicate) throws SQLException {
        try (var statement = conn.prepareStatement("SELECT \"id\", \"region\", \"amount\", \"qty\" FROM \"facts\" WHERE \"id\" " + predicate)) {
            return read(bindId(statement));
        }
    }

    private static PreparedStatement bindId(PreparedStatement statement) throws SQLException {
        statement.setLong(1, ThreadLocalRandom.current().nextLong(1, 1_000_001));
        return statement;
    }

    private static int list(Connection conn, String sql, boolean page) throws SQLException {
        try (var statement = conn.prepareStatement(sql)) {
            statement.setObject(1, "paid");
            statement.setObject(2, (long) ThreadLocalRandom.current().nextInt(0, 41));
            if (page) {
                statement.setInt(3, 25);
                statement.setLong(4, 0);
            }
            read(statement);
            return 1;
        }
    }

    private static int read(PreparedStatement statement) throws SQLException {
        try (var rows = statement.executeQuery()) {
            var columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (var i = 1; i <= columns; i++) {
                    rows.getObject(i);
                }
            }
        }
        return 1;
    }

    private static int commit(Connection conn, int batch, boolean multiRow, boolean reuse) throws SQLException {
        conn.setAutoCommit(false);
        var first = nextId + 1;
        nextId += batch;
        if (multiRow) {
            try (var records = conn.prepareStatement(RECORD + String.join(", ", java.util.Collections.nCopies(batch, "(?, ?, ?, ?, ?, ?)")))) {
                for (var i = 0; i < batch; i++) {
                    bindRecord(records, 1 + 6 * i, first + i);
                }
                records.executeUpdate();
            }
            try (var changes = conn.prepareStatement(CHANGE + String.join(", ", java.util.Collections.nCopies(batch, "(?, ?, ?, ?, ?, ?, ?, ?, ?)")))) {
                for (var i = 0; i < batch; i++) {
                    bindChange(changes, 1 + 9 * i, first + i);
                }
                changes.executeUpdate();
            }
        } else {
            PreparedStatement shared = reuse ? conn.prepareStatement(RECORD + "(?, ?, ?, ?, ?, ?)") : null;
            for (var i = 0; i < batch; i++) {
                var records = reuse ? shared : conn.prepareStatement(RECORD + "(?, ?, ?, ?, ?, ?)");
                bindRecord(records, 1, first + i);
                records.executeUpdate();
                if (!reuse) {
                    records.close();
                }
            }
            if (shared != null) {
                shared.close();
            }
            try (var changes = conn.prepareStatement(CHANGE + "(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (var i = 0; i < batch; i++) {
                    bindChange(changes, 1, first + i);
                    changes.addBatch();
                }
                changes.executeBatch();
            }
        }
        conn.commit();
        conn.setAutoCommit(true);
        return batch;
    }

    private static void bindRecord(PreparedStatement statement, int at, long id) throws SQLException {
        statement.setLong(at, id);
        statement.setString(at + 1, "bench");
        statement.setString(at + 2, "new");
        statement.setBigDecimal(at + 3, new BigDecimal("12.50"));
        statement.setLong(at + 4, 3);
        statement.setObject(at + 5, LocalDateTime.now());
    }

    private static void bindChange(PreparedStatement statement, int at, long id) throws SQLException {
        statement.setString(at, "writes");
        statement.setLong(at + 1, id);
        statement.setString(at + 2, "created");
        statement.setLong(at + 3, id);
        statement.setString(at + 4, "{\"id\":" + id + ",\"name\":\"bench\",\"status\":\"new\",\"price\":12.5,\"quantity\":3,\"created_at\":\"2026-11-26T00:00:00Z\"}");
        statement.setString(at + 5, "{\"name\":[null,\"bench\"],\"status\":[null,\"new\"],\"price\":[null,12.5],\"quantity\":[null,3]}");
        statement.setString(at + 6, null);
        statement.setObject(at + 7, LocalDateTime.now());
        statement.setString(at + 8, UUID.randomUUID().toString());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
