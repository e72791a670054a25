package io.dbbasic.common.tasks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.storage.DuckDbFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A persistent task queue in its own DuckDB file, for work that must happen after a commit and may
 * fail: the crud-engine's after-hooks. Tasks survive restarts (a task left running by a crash runs
 * again: delivery is at least once); a failed attempt is retried after an exponential backoff
 * ({@code baseDelay × 2^(attempts−1)}, capped at {@code maxDelay}); after {@code maxAttempts} a task is
 * dead until someone retries it. Counts per status are exported as {@code dbbasic_tasks{status=…}}.
 *
 * <p><b>Threads.</b> Every step is one {@link DuckDbFile} transaction taken under {@code lock}, so
 * steps of this queue never interleave (two workers cannot claim one task); the queue sees a few writes
 * per record write, far below what that serialisation costs. Times are stored as epoch microseconds, so
 * the host's zone never matters.
 */
public final class TaskQueue implements AutoCloseable {
    /** How a queue retries. */
    public record Settings(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        public static final Settings DEFAULT = new Settings(5, Duration.ofSeconds(2), Duration.ofMinutes(10));

        public Settings {
            if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException("maxAttempts ≥ 1 and 0 ≤ baseDelay ≤ maxDelay");
            }
        }

        /** The wait before attempt {@code attempts + 1}, after {@code attempts} failures. */
        public Duration backoff(int attempts) {
            var shift = Math.min(Math.max(attempts - 1, 0), 30);
            var nanos = baseDelay.toNanos() * (1L << shift);
            return nanos < 0 || nanos > maxDelay.toNanos() ? maxDelay : Duration.ofNanos(nanos);
        }
    }

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final String COLUMNS = "id, kind, payload, status, attempts, max_attempts, created_at, next_run_at, updated_at, last_error";

    private final DuckDbFile db;
    private final boolean ownsFile;
    /** Serialises the queue's read-modify-write steps (claim, fail, retry) within this process. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Settings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final Counter completed;
    private final Counter failedAttempts;
    private final Counter deadLettered;
    private final Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);

    private TaskQueue(DuckDbFile db, boolean ownsFile, Settings settings, Clock clock, ObjectMapper json, MeterRegistry meters) {
        this.db = db;
        this.ownsFile = ownsFile;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.completed = Counter.builder("dbbasic.tasks.completed").description("Tasks done").register(meters);
        this.failedAttempts = Counter.builder("dbbasic.tasks.failed.attempts").description("Task attempts that failed").register(meters);
        this.deadLettered = Counter.builder("dbbasic.tasks.dead.lettered").description("Tasks that gave up after their last attempt").register(meters);
        for (var status : TaskStatus.values()) {
            Gauge.builder("dbbasic.tasks", this, q -> q.cachedCount(status)).tag("status", status.json())
                    .description("Tasks in the queue, by status").register(meters);
        }
    }

    /** Opens (or creates) the queue in its own file; tasks a crash left running become pending again. */
    public static TaskQueue open(Path file, Settings settings, Clock clock, ObjectMapper json, MeterRegistry meters) {
        return in(DuckDbFile.open(file), true, settings, clock, json, meters);
    }

    /** The queue in a database file the caller owns (and closes); its table is {@code tasks}. */
    public static TaskQueue in(DuckDbFile db, Settings settings, Clock clock, ObjectMapper json, MeterRegistry meters) {
        return in(db, false, settings, clock, json, meters);
    }

    private static TaskQueue in(DuckDbFile db, boolean owns, Settings settings, Clock clock, ObjectMapper json, MeterRegistry meters) {
        db.inTransaction(c -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE SEQUENCE IF NOT EXISTS task_ids START 1");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS tasks (
                          id BIGINT PRIMARY KEY DEFAULT nextval('task_ids'),
                          kind VARCHAR NOT NULL,
                          payload VARCHAR NOT NULL,
                          status VARCHAR NOT NULL,
                          attempts INTEGER NOT NULL,
                          max_attempts INTEGER NOT NULL,
                          created_at BIGINT NOT NULL,
                          next_run_at BIGINT NOT NULL,
                          updated_at BIGINT NOT NULL,
                          last_error VARCHAR)""");
            }
            return null;
        });
        var queue = new TaskQueue(db, owns, settings, clock, json, meters);
        queue.recoverRunning();
        return queue;
    }

    public Settings settings() {
        return settings;
    }

    /** Adds a task that may run at once; returns it. */
    public Task enqueue(String kind, Map<String, ?> payload) {
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("the payload is not JSON: " + e.getMessage(), e);
        }
        var now = micros(clock.instant());
        return locked(c -> {
            try (var st = c.prepareStatement("INSERT INTO tasks (kind, payload, status, attempts, max_attempts, created_at, "
                    + "next_run_at, updated_at) VALUES (?, ?, 'pending', 0, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                st.setString(1, kind);
                st.setString(2, body);
                st.setInt(3, settings.maxAttempts());
                st.setLong(4, now);
                st.setLong(5, now);
                st.setLong(6, now);
                return one(st).orElseThrow();
            }
        });
    }

    /** Takes the task that has waited longest among those due, and marks it running. */
    public Optional<Task> claim() {
        var now = micros(clock.instant());
        return locked(c -> {
            Optional<Task> due;
            try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE status = 'pending' AND next_run_at <= ? "
                    + "ORDER BY next_run_at, id LIMIT 1")) {
                st.setLong(1, now);
                due = one(st);
            }
            if (due.isEmpty()) {
                return due;
            }
            return update(c, "UPDATE tasks SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING " + COLUMNS,
                    now, due.get().id());
        });
    }

    /** When the next pending task is due, if any: lets a worker wait exactly as long as needed. */
    public Optional<Instant> nextDue() {
        return locked(c -> {
            try (var st = c.prepareStatement("SELECT min(next_run_at) FROM tasks WHERE status = 'pending'");
                 var rs = st.executeQuery()) {
                rs.next();
                var value = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(instant(value));
            }
        });
    }

    public void complete(long id) {
        locked(c -> update(c, "UPDATE tasks SET status = 'done', last_error = NULL, updated_at = ? WHERE id = ? AND status = 'running' RETURNING "
                + COLUMNS, micros(clock.instant()), id));
        completed.increment();
    }

    /** Records a failed attempt: pending again after the backoff, or dead after the last attempt. */
    public Task fail(long id, String error) {
        var now = clock.instant();
        var task = locked(c -> {
            var current = find(id).orElseThrow(() -> new NotFound("no task " + id));
            var dead = current.attempts() >= current.maxAttempts();
            var next = dead ? now : now.plus(settings.backoff(current.attempts()));
            try (var st = c.prepareStatement("UPDATE tasks SET status = ?, next_run_at = ?, updated_at = ?, last_error = ? "
                    + "WHERE id = ? RETURNING " + COLUMNS)) {
                st.setString(1, dead ? "dead" : "pending");
                st.setLong(2, micros(next));
                st.setLong(3, micros(now));
                st.setString(4, error == null ? "failed" : error.length() > 2000 ? error.substring(0, 2000) : error);
                st.setLong(5, id);
                return one(st).orElseThrow();
            }
        });
        failedAttempts.increment();
        if (task.status() == TaskStatus.DEAD) {
            deadLettered.increment();
        }
        return task;
    }

    /** Puts a dead (or pending) task back to run now with a fresh set of attempts; 409 for running or done tasks. */
    public Task retry(long id) {
        var now = micros(clock.instant());
        return locked(c -> {
            var current = find(id).orElseThrow(() -> new NotFound("no task " + id));
            if (current.status() == TaskStatus.RUNNING || current.status() == TaskStatus.DONE) {
                throw new Conflict("task " + id + " is " + current.status().json() + "; only dead or pending tasks can be retried");
            }
            try (var st = c.prepareStatement("UPDATE tasks SET status = 'pending', attempts = 0, next_run_at = ?, updated_at = ? "
                    + "WHERE id = ? RETURNING " + COLUMNS)) {
                st.setLong(1, now);
                st.setLong(2, now);
                st.setLong(3, id);
                return one(st).orElseThrow();
            }
        });
    }

    public Optional<Task> find(long id) {
        return locked(c -> {
            try (var st = c.prepareStatement("SELECT " + COLUMNS + " FROM tasks WHERE id = ?")) {
                st.setLong(1, id);
                return one(st);
            }
        });
    }

    /** Tasks of one status (all when empty), newest first. */
    public List<Task> list(Optional<TaskStatus> status, int limit) {
        return locked(c -> {
            var sql = "SELECT " + COLUMNS + " FROM tasks" + (status.isPresent() ? " WHERE status = ?" : "") + " ORDER BY id DESC LIMIT ?";
            try (var st = c.prepareStatement(sql)) {
                var i = 1;
                if (status.isPresent()) {
                    st.setString(i++, status.get().json());
                }
                st.setInt(i, Math.max(1, Math.min(limit, 1000)));
                return all(st);
            }
        });
    }

    public Map<TaskStatus, Long> counts() {
        return locked(c -> {
            var result = new EnumMap<TaskStatus, Long>(TaskStatus.class);
            for (var status : TaskStatus.values()) {
                result.put(status, 0L);
            }
            try (var st = c.prepareStatement("SELECT status, count(*) FROM tasks GROUP BY status"); var rs = st.executeQuery()) {
                while (rs.next()) {
                    TaskStatus.parse(rs.getString(1)).ifPresent(s -> {
                        try {
                            result.put(s, rs.getLong(2));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
            counts.putAll(result);
            return result;
        });
    }

    private double cachedCount(TaskStatus status) {
        try {
            return counts().get(status);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private void recoverRunning() {
        locked(c -> {
            try (var st = c.prepareStatement("UPDATE tasks SET status = 'pending', next_run_at = ?, updated_at = ? WHERE status = 'running'")) {
                var now = micros(clock.instant());
                st.setLong(1, now);
                st.setLong(2, now);
                return st.executeUpdate();
            }
        });
    }

    private Optional<Task> update(Connection c, String sql, long first, long id) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setLong(1, first);
            st.setLong(2, id);
            return one(st);
        }
    }

    private Optional<Task> one(PreparedStatement st) throws SQLException {
        var list = all(st);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
    }

    private List<Task> all(PreparedStatement st) throws SQLException {
        var list = new ArrayList<Task>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> payload;
                try {
                    payload = json.readValue(rs.getString("payload"), MAP);
                } catch (IOException e) {
                    payload = Map.of("unreadable", rs.getString("payload"));
                }
                list.add(new Task(rs.getLong("id"), rs.getString("kind"), payload, TaskStatus.parse(rs.getString("status")).orElseThrow(),
                        rs.getInt("attempts"), rs.getInt("max_attempts"), instant(rs.getLong("created_at")),
                        instant(rs.getLong("next_run_at")), instant(rs.getLong("updated_at")), rs.getString("last_error")));
            }
        }
        return list;
    }

    /** Runs one step of the queue as a transaction, one step at a time. */
    private <T> T locked(DuckDbFile.SqlWork<T> work) {
        lock.lock();
        try {
            return db.inTransaction(work);
        } finally {
            lock.unlock();
        }
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    @Override
    public void close() {
        if (ownsFile) {
            db.close();
        }
    }
}
