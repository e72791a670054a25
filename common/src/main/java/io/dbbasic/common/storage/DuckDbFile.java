package io.dbbasic.common.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.duckdb.DuckDBConnection;

/**
 * One open DuckDB database file. One process owns a file (DuckDB locks it against other processes),
 * and within the process this object is its only owner: open it once, share it, close it last.
 *
 * <p><b>Threads.</b> A DuckDB connection must not be used by two threads at once, and the servers
 * run on thread pools, so connections are lent per call rather than pinned to a thread:
 * <ul>
 *   <li>The root connection is never lent. Only {@link #duplicate()} (under {@code rootLock}) and
 *       {@link #close()} touch it; it keeps the database instance alive and mints the others.</li>
 *   <li>A lent connection belongs to the calling thread from borrow to release, and goes back to a
 *       lock-free idle stack (most recently used first, so a busy pool reuses warm connections).</li>
 *   <li>{@link #inTransaction} (writes) take the shared side of {@code writeGate}; {@link #exclusively}
 *       takes its exclusive side. DuckDB does not notice a row committed by another connection between a
 *       table rebuild's copy and its DROP (we measured: the row is silently lost), so a schema change must
 *       wait for running writes and hold new ones off. Plain reads need no gate (MVCC snapshots).</li>
 * </ul>
 * Do not nest these calls on one thread: an inner call borrows a second connection (a second, independent
 * transaction), and {@code exclusively} inside {@code inTransaction} would wait for itself.
 */
public final class DuckDbFile implements AutoCloseable {
    private static final int DEFAULT_MAX_IDLE = 64;
    private static final String ALIAS = "store";

    private final Path path;
    private final DuckDBConnection root;
    private final Checkpoints checkpoints;
    private final Object rootLock = new Object();
    private final Deque<DuckDBConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;
    private final ReentrantReadWriteLock writeGate = new ReentrantReadWriteLock();
    private final AtomicLong schemaGeneration = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private DuckDbFile(Path path, DuckDBConnection root, Checkpoints checkpoints, int maxIdle) {
        this.path = path;
        this.root = root;
        this.checkpoints = checkpoints;
        this.maxIdle = maxIdle;
    }

    /** Opens (or creates) the file with DuckDB's own checkpoints, creating its parent directories. */
    public static DuckDbFile open(Path file) {
        return open(file, Checkpoints.DUCKDB_DEFAULTS);
    }

    public static DuckDbFile open(Path file, Checkpoints checkpoints) {
        return open(file, checkpoints, DEFAULT_MAX_IDLE);
    }

    /** As {@link #open(Path, Checkpoints)}, keeping at most {@code maxIdle} unused connections between calls. */
    public static DuckDbFile open(Path file, Checkpoints checkpoints, int maxIdle) {
        var path = file.toAbsolutePath().normalize();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + path, e);
        }
        var props = new Properties();
        // No network here: never try to download an extension (json, icu, parquet are built into the jar).
        props.setProperty("autoinstall_known_extensions", "false");
        try {
            var attached = checkpoints == Checkpoints.SHORT;
            // Only ATTACH takes a row group size, so a SHORT file is attached to an in-memory instance.
            var root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + (attached ? "" : path), props);
            try (var st = root.createStatement()) {
                if (attached) {
                    st.execute("ATTACH " + quoted(path.toString()) + " AS " + ALIAS
                            + " (ROW_GROUP_SIZE " + Checkpoints.SHORT_ROW_GROUP_SIZE + ")");
                    st.execute("USE " + ALIAS);
                    st.execute("SET GLOBAL checkpoint_threshold = " + quoted(Checkpoints.SHORT_THRESHOLD));
                    // Beside the file, as when it is opened directly (an in-memory instance would spill to ./.tmp).
                    st.execute("SET GLOBAL temp_directory = " + quoted(path + ".tmp"));
                }
                // TIMESTAMP columns hold UTC; casts through TIMESTAMPTZ must not depend on the host's zone.
                st.execute("SET GLOBAL TimeZone = 'UTC'");
            } catch (SQLException e) {
                root.close();
                throw e;
            }
            return new DuckDbFile(path, root, checkpoints, maxIdle);
        } catch (SQLException e) {
            throw new StorageException("cannot open " + path, e);
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    public Path path() {
        return path;
    }

    /** Work on a lent connection in auto-commit mode: reads, streaming exports, catalog queries. */
    public <T> T withConnection(SqlWork<T> work) {
        var conn = borrow();
        var healthy = false;
        try {
            T result = work.apply(conn);
            healthy = stillUsable(conn);
            return result;
        } catch (SQLException e) {
            healthy = stillUsable(conn);
            throw new StorageException("query on " + path.getFileName() + " failed", e);
        } catch (RuntimeException | Error e) {
            healthy = stillUsable(conn);
            throw e;
        } finally {
            release(conn, healthy);
        }
    }

    /**
     * Runs {@code work} as one transaction: commit when it returns, roll back when it throws (the
     * exception is rethrown; an {@link SQLException} wrapped in {@link StorageException}). Every write
     * goes through here (or {@link #exclusively}). Never swallow an SQLException inside: DuckDB marks the
     * transaction aborted and a later commit then silently commits nothing.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        var gate = writeGate.readLock();
        gate.lock();
        try {
            return transaction(work);
        } finally {
            gate.unlock();
        }
    }

    /** Runs {@code work} as one transaction while no other transaction on this file runs (schema changes). */
    public <T> T exclusively(SqlWork<T> work) {
        var gate = writeGate.writeLock();
        gate.lock();
        try {
            schemaGeneration.incrementAndGet();
            return transaction(work);
        } finally {
            gate.unlock();
        }
    }

    /**
     * Counts the {@link #exclusively} calls, the only place tables change shape. Read inside
     * {@link #inTransaction} it cannot change before that transaction ends, so what was learnt about a table's
     * shape under the same number still holds.
     */
    public long schemaGeneration() {
        return schemaGeneration.get();
    }

    private <T> T transaction(SqlWork<T> work) {
        var conn = borrow();
        var healthy = false;
        try {
            conn.setAutoCommit(false);
            begin(conn);
            T result = work.apply(conn);
            conn.commit();
            conn.setAutoCommit(true);
            healthy = true;
            return result;
        } catch (SQLException e) {
            healthy = rollback(conn);
            throw new StorageException("transaction on " + path.getFileName() + " failed", e);
        } catch (RuntimeException | Error e) {
            healthy = rollback(conn);
            throw e;
        } finally {
            release(conn, healthy);
        }
    }

    /**
     * DuckDB's JDBC begins a transaction lazily, when the first statement is prepared; an Appender used
     * before any statement would commit its rows on their own. Preparing a statement (never run) begins it now.
     */
    private static void begin(DuckDBConnection conn) throws SQLException {
        conn.prepareStatement("SELECT 1").close();
    }

    /**
     * Rolls back and restores auto-commit. After a failed COMMIT (a write-write conflict) DuckDB has no
     * transaction left while JDBC still believes one is open, so both calls fail; such a connection would
     * then run later statements in auto-commit without telling anyone, so it is closed instead of reused.
     */
    private static boolean rollback(DuckDBConnection conn) {
        try {
            conn.rollback();
            conn.setAutoCommit(true);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean stillUsable(DuckDBConnection conn) {
        try {
            return conn.getAutoCommit() && !conn.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }

    private DuckDBConnection borrow() {
        if (closed.get()) {
            throw new IllegalStateException(path + " is closed");
        }
        var conn = idle.pollFirst();
        if (conn != null) {
            idleCount.decrementAndGet();
            return conn;
        }
        return duplicate();
    }

    private DuckDBConnection duplicate() {
        synchronized (rootLock) {
            if (closed.get()) {
                throw new IllegalStateException(path + " is closed");
            }
            try {
                var conn = root.duplicate();
                if (checkpoints == Checkpoints.SHORT) {
                    // USE is per connection, and a connection without it would write to the in-memory catalog.
                    try (var st = conn.createStatement()) {
                        st.execute("USE " + ALIAS);
                    } catch (SQLException e) {
                        closeQuietly(conn);
                        throw e;
                    }
                }
                return conn;
            } catch (SQLException e) {
                throw new StorageException("cannot open a connection to " + path, e);
            }
        }
    }

    private void release(DuckDBConnection conn, boolean healthy) {
        if (healthy && !closed.get()) {
            if (idleCount.incrementAndGet() <= maxIdle) {
                idle.offerFirst(conn);
                // close() may have drained the stack between our check and the offer: drain again.
                if (closed.get()) {
                    drainIdle();
                }
                return;
            }
            idleCount.decrementAndGet();
        }
        closeQuietly(conn);
    }

    /** Closes idle connections and the root. Connections lent out are closed as they come back. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drainIdle();
        synchronized (rootLock) {
            closeQuietly(root);
        }
    }

    private void drainIdle() {
        DuckDBConnection conn;
        while ((conn = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            closeQuietly(conn);
        }
    }

    private static void closeQuietly(DuckDBConnection conn) {
        try {
            conn.close();
        } catch (SQLException e) {
            // Nothing useful to do: the connection is gone either way.
        }
    }

    /** For tests: whether a thread is waiting at the write gate. */
    boolean hasWaitingWriters() {
        return writeGate.hasQueuedThreads();
    }

    @Override
    public String toString() {
        return "DuckDbFile[" + path + "]";
    }

    /** Work done with a connection; it may throw {@link SQLException}, which the caller's method wraps. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(DuckDBConnection conn) throws SQLException;
    }
}
