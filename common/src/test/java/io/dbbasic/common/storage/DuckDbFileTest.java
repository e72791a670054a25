package io.dbbasic.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbFileTest {
    @TempDir Path dir;
    DuckDbFile db;
    ExecutorService pool = Executors.newFixedThreadPool(8);

    @BeforeEach void open() {
        db = DuckDbFile.open(dir.resolve("nested/deeper/app.duckdb"), Checkpoints.SHORT, 2);
        exec("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR)");
    }

    @AfterEach void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        db.close();
    }

    @Test
    void opening_creates_the_parent_directories_and_the_file() {
        assertThat(dir.resolve("nested/deeper/app.duckdb")).exists();
        assertThat(db.path()).isAbsolute();
    }

    @Test
    void a_transaction_commits_when_the_work_returns() {
        var result = db.inTransaction(conn -> update(conn, "INSERT INTO t VALUES (1, 'a')"));
        assertThat(result).isEqualTo(1);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void a_transaction_rolls_back_and_rethrows_when_the_work_throws() {
        var boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.inTransaction(conn -> {
            update(conn, "INSERT INTO t VALUES (1, 'a')");
            throw boom;
        })).isSameAs(boom);
        assertThat(count()).isZero();
    }

    @Test
    void an_sql_error_rolls_back_the_whole_transaction_and_is_wrapped() {
        assertThatThrownBy(() -> db.inTransaction(conn -> {
            update(conn, "INSERT INTO t VALUES (1, 'a')");
            return update(conn, "INSERT INTO t VALUES (1, 'duplicate')");
        })).isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class)
                .hasMessageContaining("uplicate key");
        assertThat(count()).isZero();
        // The same (pooled) connection still works, in a fresh transaction.
        db.inTransaction(conn -> update(conn, "INSERT INTO t VALUES (2, 'b')"));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void idle_connections_are_reused() {
        Connection first = db.withConnection(conn -> conn);
        Connection second = db.withConnection(conn -> conn);
        assertThat(second).isSameAs(first);
    }

    @Test
    void a_connection_whose_commit_failed_is_never_lent_again() throws Exception {
        // Writer A inserts and waits; meanwhile B alters the table and commits first, so A's COMMIT
        // fails with a conflict. DuckDB then has no transaction on A's connection while JDBC thinks it
        // has one; reused, it would silently auto-commit. With maxIdle 1 it would be the next one lent.
        var inserted = new CountDownLatch(1);
        var altered = new CountDownLatch(1);
        Future<?> a = pool.submit(() -> db.inTransaction(conn -> {
            update(conn, "INSERT INTO t VALUES (1, 'a')");
            inserted.countDown();
            await(altered);
            return null;
        }));
        inserted.await(5, TimeUnit.SECONDS);
        db.inTransaction(conn -> update(conn, "ALTER TABLE t ADD COLUMN extra BIGINT"));
        altered.countDown();
        assertThatThrownBy(() -> a.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class)
                .hasMessageContaining("conflict");

        assertThatThrownBy(() -> db.inTransaction(conn -> {
            update(conn, "INSERT INTO t (id, v) VALUES (2, 'b')");
            throw new IllegalStateException("roll me back");
        })).hasMessage("roll me back");
        assertThat(count()).isZero();
    }

    @Test
    void exclusive_work_waits_for_running_writes_and_holds_new_ones_off() throws Exception {
        var events = new CopyOnWriteArrayList<String>();
        var writing = new CountDownLatch(1);
        var finishWrite = new CountDownLatch(1);
        Future<?> writer = pool.submit(() -> db.inTransaction(conn -> {
            writing.countDown();
            await(finishWrite);
            events.add("write");
            return null;
        }));
        writing.await(5, TimeUnit.SECONDS);

        var exclusiveRunning = new CountDownLatch(1);
        var finishExclusive = new CountDownLatch(1);
        Future<?> exclusive = pool.submit(() -> db.exclusively(conn -> {
            events.add("exclusive");
            exclusiveRunning.countDown();
            await(finishExclusive);
            return null;
        }));
        waitUntil(db::hasWaitingWriters);
        assertThat(events).isEmpty();
        finishWrite.countDown();
        writer.get(5, TimeUnit.SECONDS);
        exclusiveRunning.await(5, TimeUnit.SECONDS);

        Future<?> laterWriter = pool.submit(() -> db.inTransaction(conn -> events.add("later write")));
        waitUntil(db::hasWaitingWriters);
        assertThat(events).containsExactly("write", "exclusive");
        finishExclusive.countDown();
        exclusive.get(5, TimeUnit.SECONDS);
        laterWriter.get(5, TimeUnit.SECONDS);
        assertThat(events).containsExactly("write", "exclusive", "later write");
    }

    @Test
    void concurrent_writers_each_get_their_own_connection() throws Exception {
        writeConcurrently(8, 50);
        assertThat(count()).isEqualTo(8 * 50);
    }

    /** More writers at once than the pool keeps idle, so that new connections are made while they run. */
    private void writeConcurrently(int threads, int perThread) throws Exception {
        var barrier = new CyclicBarrier(threads);
        var futures = new java.util.ArrayList<Future<?>>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            futures.add(pool.submit(() -> {
                barrier.await(5, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                    int id = base + i;
                    db.inTransaction(conn -> update(conn, "INSERT INTO t VALUES (" + id + ", 'x')"));
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void closing_refuses_new_work_closes_lent_connections_on_return_and_keeps_the_data() {
        db.inTransaction(conn -> update(conn, "INSERT INTO t VALUES (1, 'kept')"));
        Connection lent = db.withConnection(conn -> {
            db.close();
            return conn;
        });
        assertThat(isClosed(lent)).isTrue();
        assertThatThrownBy(() -> db.withConnection(conn -> null)).isInstanceOf(IllegalStateException.class);

        db = DuckDbFile.open(dir.resolve("nested/deeper/app.duckdb"));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void every_lent_connection_writes_to_the_file_itself() throws Exception {
        writeConcurrently(8, 50);
        var database = db.withConnection(conn -> {
            try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT current_database()")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(database).isNotEqualTo("memory");
        db.close();

        try (var plain = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("nested/deeper/app.duckdb"));
             var st = plain.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(400);
        }
    }

    @Test
    void short_checkpoints_store_tables_in_small_row_groups_so_that_a_checkpoint_rewrites_little() {
        exec("INSERT INTO t SELECT range, 'v' FROM range(20000)");
        assertThat(rowGroupsAfterCheckpoint(db)).isEqualTo(3);   // 20,000 rows in groups of 8,192
    }

    @Test
    void a_file_opened_with_duckdbs_defaults_keeps_its_large_row_groups() {
        try (var defaults = DuckDbFile.open(dir.resolve("defaults.duckdb"))) {
            defaults.inTransaction(conn -> update(conn, "CREATE TABLE t AS SELECT range AS id FROM range(20000)"));
            assertThat(rowGroupsAfterCheckpoint(defaults)).isEqualTo(1);
        }
    }

    private static long rowGroupsAfterCheckpoint(DuckDbFile file) {
        return file.withConnection(conn -> {
            try (var st = conn.createStatement()) {
                st.execute("CHECKPOINT");
                try (var rs = st.executeQuery("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('t')")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void timestamps_are_read_in_utc_whatever_the_host_zone() {
        assertThat(setting("TimeZone")).isEqualTo("UTC");
    }

    @Test
    void large_operations_spill_beside_the_file_not_into_the_working_directory() {
        assertThat(setting("temp_directory")).isEqualTo(db.path() + ".tmp");
    }

    private String setting(String name) {
        return db.withConnection(conn -> {
            try (var st = conn.prepareStatement("SELECT current_setting(?)")) {
                st.setString(1, name);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private void exec(String sql) {
        db.inTransaction(conn -> update(conn, sql));
    }

    private static int update(Connection conn, String sql) throws SQLException {
        try (var st = conn.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    private long count() {
        return db.withConnection(conn -> {
            try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static boolean isClosed(Connection conn) {
        try {
            return conn.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition (no sleeping) with a generous deadline. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        var deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached in 5 s");
            }
            Thread.onSpinWait();
        }
    }

}
