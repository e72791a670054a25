package io.dbbasic.events.log;

import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.events.model.EventFilter;
import io.dbbasic.events.model.ExpectedVersion;
import io.dbbasic.events.model.RecordedEvent;
import io.dbbasic.events.model.StreamSummary;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * All SQL of the event log, over {@code events.duckdb}. One table, {@code events}, with the keys the
 * guarantees rest on: a unique event id, a unique (stream, version), and an index on stream for reads.
 * Positions need no index of their own: they are assigned by the one writer, in insertion order, so
 * DuckDB's per-row-group min/max statistics already prune a position range.
 *
 * <p>Threads: the {@code Connection}-taking methods run on the writer thread inside its transaction;
 * the others borrow a pooled connection and may run on any thread. Readers always pass the published
 * high-water mark and never look past it.
 *
 * <p>DuckDB 1.4 uses an index only for a bare {@code WHERE stream = ?}; a sort, a limit or another
 * condition in the same scan turns it into a full table scan (measured). Stream reads therefore select
 * the stream in a {@code MATERIALIZED} CTE first and order and filter that.
 */
final class EventRepository {
    private static final String COLUMNS = "id, stream, version, position, type, data, metadata, epoch_us(recorded_at)";
    private static final int ID_CHUNK = 100;
    /** How many positions one query of a filtered scan covers: bounds the sort a page needs. */
    static final long SCAN_WINDOW = 65_536;

    private final DuckDbFile file;

    EventRepository(DuckDbFile file) {
        this.file = file;
    }

    DuckDbFile file() {
        return file;
    }

    void createSchema() {
        file.inTransaction(conn -> {
            try (var st = conn.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS events (
                            position    BIGINT    NOT NULL,
                            id          UUID      NOT NULL UNIQUE,
                            stream      VARCHAR   NOT NULL,
                            version     BIGINT    NOT NULL,
                            type        VARCHAR   NOT NULL,
                            category    VARCHAR   NOT NULL,
                            data        VARCHAR   NOT NULL,
                            metadata    VARCHAR,
                            recorded_at TIMESTAMP NOT NULL,
                            UNIQUE (stream, version)
                        )""");
                st.execute("CREATE INDEX IF NOT EXISTS events_by_stream ON events (stream)");
            }
            return null;
        });
    }

    /** What the log looks like at start: how many events, the lowest and highest position, the last time. */
    record Extent(long count, long minPosition, long maxPosition, Instant lastRecordedAt) {
        boolean contiguous() {
            return count == 0 ? maxPosition == 0 : minPosition == 1 && maxPosition == count;
        }
    }

    Extent extent() {
        return file.withConnection(conn -> {
            try (var st = conn.createStatement();
                 var rs = st.executeQuery("SELECT count(*), coalesce(min(position), 0), coalesce(max(position), 0), "
                         + "coalesce(epoch_us(max(recorded_at)), 0) FROM events")) {
                rs.next();
                return new Extent(rs.getLong(1), rs.getLong(2), rs.getLong(3), micros(rs.getLong(4)));
            }
        });
    }

    /** Feeds every event id and every distinct stream name to the consumers (start-up, for the writer's filters). */
    void scanKeys(Consumer<UUID> ids, Consumer<String> streams) {
        file.withConnection(conn -> {
            try (var st = conn.createStatement()) {
                try (var rs = st.executeQuery("SELECT id FROM events")) {
                    while (rs.next()) {
                        ids.accept(rs.getObject(1, UUID.class));
                    }
                }
                try (var rs = st.executeQuery("SELECT DISTINCT stream FROM events")) {
                    while (rs.next()) {
                        streams.accept(rs.getString(1));
                    }
                }
            }
            return null;
        });
    }

    /** Where an event id already is: its stream, version and position. */
    record Location(String stream, long version, long position) {}

    /** The stored locations of those of {@code ids} that exist (writer thread, inside its transaction). */
    Map<UUID, Location> locate(DuckDBConnection conn, Collection<UUID> ids) throws SQLException {
        var found = new HashMap<UUID, Location>();
        var all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += ID_CHUNK) {
            var chunk = all.subList(from, Math.min(all.size(), from + ID_CHUNK));
            var sql = "SELECT id, stream, version, position FROM events WHERE id IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
            try (var ps = conn.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setObject(i + 1, chunk.get(i));
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getObject(1, UUID.class), new Location(rs.getString(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
        }
        return found;
    }

    /** The last version of {@code stream}, or {@link ExpectedVersion#NO_STREAM} (writer thread, inside its transaction). */
    long head(DuckDBConnection conn, String stream) throws SQLException {
        try (var ps = conn.prepareStatement(
                "WITH s AS MATERIALIZED (SELECT version FROM events WHERE stream = ?) SELECT max(version) FROM s")) {
            ps.setString(1, stream);
            try (var rs = ps.executeQuery()) {
                rs.next();
                var head = rs.getLong(1);
                return rs.wasNull() ? ExpectedVersion.NO_STREAM : head;
            }
        }
    }

    /** Appends rows in position order (writer thread, inside its transaction). */
    void insert(DuckDBConnection conn, List<RecordedEvent> rows) throws SQLException {
        try (var appender = conn.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events")) {
            for (var e : rows) {
                appender.beginRow();
                appender.append(e.position());
                appender.append(e.id());
                appender.append(e.stream());
                appender.append(e.version());
                appender.append(e.type());
                appender.append(e.category());
                appender.append(e.data());
                if (e.metadata() == null) {
                    appender.appendNull();
                } else {
                    appender.append(e.metadata());
                }
                appender.appendEpochMicros(toMicros(e.recordedAt()));
                appender.endRow();
            }
        }
    }

    /** A stream's events from {@code fromVersion} on (or down, {@code backward}), at most {@code limit}. */
    List<RecordedEvent> readStream(String stream, long fromVersion, int limit, boolean backward, long highWater) {
        var sql = "WITH s AS MATERIALIZED (SELECT * FROM events WHERE stream = ?) SELECT " + COLUMNS
                + " FROM s WHERE position <= ? AND version " + (backward ? "<=" : ">=") + " ? ORDER BY version "
                + (backward ? "DESC" : "ASC") + " LIMIT ?";
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement(sql)) {
                ps.setString(1, stream);
                ps.setLong(2, highWater);
                ps.setLong(3, fromVersion);
                ps.setInt(4, limit);
                return events(ps);
            }
        });
    }

    /** Whether the stream has any event at or below {@code highWater}. */
    boolean streamExists(String stream, long highWater) {
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement(
                    "WITH s AS MATERIALIZED (SELECT position FROM events WHERE stream = ?) SELECT count(*) FROM s WHERE position <= ?")) {
                ps.setString(1, stream);
                ps.setLong(2, highWater);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    /**
     * Events with positions {@code from..to} (both inclusive) that match {@code filter}, in position
     * order, at most {@code limit}. Callers keep {@code to - from} within {@link #SCAN_WINDOW}.
     */
    List<RecordedEvent> readRange(long from, long to, EventFilter filter, int limit) {
        var sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM events WHERE position >= ? AND position <= ?");
        var params = new ArrayList<Object>(List.of(from, to));
        if (!filter.types().isEmpty()) {
            sql.append(" AND type IN (").append(placeholders(filter.types().size())).append(')');
            params.addAll(filter.types());
        }
        if (!filter.categories().isEmpty()) {
            sql.append(" AND category IN (").append(placeholders(filter.categories().size())).append(')');
            params.addAll(filter.categories());
        }
        filter.since().ifPresent(since -> {
            sql.append(" AND recorded_at >= make_timestamp(?)");
            params.add(toMicros(since));
        });
        filter.until().ifPresent(until -> {
            sql.append(" AND recorded_at < make_timestamp(?)");
            params.add(toMicros(until));
        });
        sql.append(" ORDER BY position LIMIT ?");
        params.add(limit);
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement(sql.toString())) {
                bind(ps, params);
                return events(ps);
            }
        });
    }

    /** Streams by latest activity, optionally of one category. */
    List<StreamSummary> recentStreams(Optional<String> category, int limit, long highWater) {
        var sql = "SELECT stream, max(version), max(position), epoch_us(max(recorded_at)) FROM events WHERE position <= ?"
                + (category.isPresent() ? " AND category = ?" : "")
                + " GROUP BY stream ORDER BY max(position) DESC LIMIT ?";
        return file.withConnection(conn -> {
            try (var ps = conn.prepareStatement(sql)) {
                var params = new ArrayList<Object>();
                params.add(highWater);
                category.ifPresent(params::add);
                params.add(limit);
                bind(ps, params);
                var out = new ArrayList<StreamSummary>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var stream = rs.getString(1);
                        out.add(new StreamSummary(stream, io.dbbasic.events.model.StreamName.categoryOf(stream),
                                rs.getLong(2), rs.getLong(3), micros(rs.getLong(4))));
                    }
                }
                return out;
            }
        });
    }

    private static List<RecordedEvent> events(PreparedStatement ps) throws SQLException {
        var out = new ArrayList<RecordedEvent>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(event(rs));
            }
        }
        return out;
    }

    private static RecordedEvent event(ResultSet rs) throws SQLException {
        return new RecordedEvent(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getString(7), micros(rs.getLong(8)));
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static long toMicros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    static Instant micros(long us) {
        return Instant.EPOCH.plus(us, ChronoUnit.MICROS);
    }
}
