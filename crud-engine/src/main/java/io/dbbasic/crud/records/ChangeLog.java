package io.dbbasic.crud.records;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The change table of a database file ({@code _dbbasic_changes}): every committed change, written in
 * the same transaction as the record itself. It is the realtime resume log ({@code since}) and the
 * transactional outbox towards the event store (the relay in {@code crud.outbox} reads it and keeps its
 * own progress in its own tables).
 */
final class ChangeLog {
    static final String TABLE = "_dbbasic_changes";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<Object>>> CHANGES = new TypeReference<>() {};
    private final ObjectMapper json;

    ChangeLog(ObjectMapper json) {
        this.json = json;
    }

    void create(Connection conn) throws SQLException {
        try (var statement = conn.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS _dbbasic_changes (
                        resource VARCHAR NOT NULL,
                        position BIGINT NOT NULL,
                        type VARCHAR NOT NULL,
                        record_id BIGINT NOT NULL,
                        record VARCHAR NOT NULL,
                        changes VARCHAR NOT NULL,
                        caller VARCHAR,
                        changed_at TIMESTAMP NOT NULL,
                        event_id VARCHAR NOT NULL,
                        PRIMARY KEY (resource, position))""");
        }
    }

    /** The last position of every resource that has changes. */
    Map<String, Long> lastPositions(Connection conn) throws SQLException {
        var positions = new HashMap<String, Long>();
        try (var statement = conn.prepareStatement("SELECT resource, max(position) FROM _dbbasic_changes GROUP BY resource");
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                positions.put(rows.getString(1), rows.getLong(2));
            }
        }
        return positions;
    }

    /** The highest record id each resource's changes name, deleted records included. */
    Map<String, Long> lastRecordIds(Connection conn) throws SQLException {
        var ids = new HashMap<String, Long>();
        try (var statement = conn.prepareStatement("SELECT resource, max(record_id) FROM _dbbasic_changes GROUP BY resource");
             var rows = statement.executeQuery()) {
            while (rows.next()) {
                ids.put(rows.getString(1), rows.getLong(2));
            }
        }
        return ids;
    }

    /** The last position of one resource (0 when it has none). */
    long lastPosition(Connection conn, String resource) throws SQLException {
        try (var statement = conn.prepareStatement("SELECT coalesce(max(position), 0) FROM _dbbasic_changes WHERE resource = ?")) {
            statement.setString(1, resource);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static final List<String> COLUMNS =
            List.of("resource", "position", "type", "record_id", "record", "changes", "caller", "changed_at", "event_id");

    /**
     * Logs the changes of one commit, through DuckDB's Appender ({@link TableAppender}): a statement per
     * row, or even a multi-row INSERT, costs the writer thread more than the rest of the commit.
     */
    void append(Connection conn, TableAppender appender, List<Change> changes) throws SQLException {
        var rows = new ArrayList<Object[]>(changes.size());
        for (var change : changes) {
            rows.add(new Object[] {change.resource(), change.position(), change.type().wireName(), change.id(), write(change.record()),
                    write(change.changes()), change.user() == null ? null : write(change.user()),
                    LocalDateTime.ofInstant(change.at(), ZoneOffset.UTC), change.eventId().toString()});
        }
        appender.append(conn, TABLE, COLUMNS, rows);
    }

    /** The changes of {@code resource} after {@code position}, in order, at most {@code limit}. */
    List<Change> since(Connection conn, String resource, long position, int limit) throws SQLException {
        var changes = new ArrayList<Change>();
        try (var statement = conn.prepareStatement("""
                SELECT position, type, record_id, record, changes, caller, changed_at, event_id FROM _dbbasic_changes
                WHERE resource = ? AND position > ? ORDER BY position LIMIT ?""")) {
            statement.setString(1, resource);
            statement.setLong(2, position);
            statement.setInt(3, limit);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    var user = rows.getString(6);
                    changes.add(new Change(resource, rows.getLong(1),
                            Change.Type.valueOf(rows.getString(2).toUpperCase(java.util.Locale.ROOT)), rows.getLong(3),
                            read(rows.getString(4), MAP), read(rows.getString(5), CHANGES),
                            user == null ? null : read(user, MAP),
                            ((Timestamp) rows.getObject(7)).toLocalDateTime().toInstant(ZoneOffset.UTC),
                            UUID.fromString(rows.getString(8))));
                }
            }
        }
        return changes;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable change row", e);
        }
    }
}
