package io.dbbasic.crud.outbox;

import io.dbbasic.common.storage.DuckDbFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The relay's SQL on one database file. It reads the change table {@code _dbbasic_changes} (written by
 * {@code records.ChangeLog} in each write's transaction) and owns two tables of its own in the same file:
 * <ul>
 *   <li>{@code _dbbasic_outbox}: per resource, the position up to which every change reached the event
 *       store or the dead letters (the relay's cursor);</li>
 *   <li>{@code _dbbasic_dead_letters}: changes the store refused for good, with its reason.</li>
 * </ul>
 * A dead letter may lie beyond the cursor (a later row of another stream was refused while an earlier one
 * still waits), so pending rows say whether they are dead letters already.
 */
final class OutboxRepository {
    private final DuckDbFile db;

    OutboxRepository(DuckDbFile db) {
        this.db = db;
        db.inTransaction(conn -> {
            try (var statement = conn.createStatement()) {
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS _dbbasic_outbox (
                            resource VARCHAR PRIMARY KEY,
                            relayed_position BIGINT NOT NULL,
                            relayed_at TIMESTAMP NOT NULL)""");
                statement.execute("""
                        CREATE TABLE IF NOT EXISTS _dbbasic_dead_letters (
                            resource VARCHAR NOT NULL,
                            position BIGINT NOT NULL,
                            record_id BIGINT NOT NULL,
                            event_id VARCHAR NOT NULL,
                            stream VARCHAR NOT NULL,
                            type VARCHAR NOT NULL,
                            reason VARCHAR NOT NULL,
                            failed_at TIMESTAMP NOT NULL,
                            PRIMARY KEY (resource, position))""");
            }
            return null;
        });
    }

    /** Per resource, the position up to which everything was relayed (resources never relayed are absent). */
    Map<String, Long> cursors() {
        return positions("SELECT resource, relayed_position FROM _dbbasic_outbox");
    }

    /** Per resource, its last committed change. */
    Map<String, Long> lastPositions() {
        return positions("SELECT resource, max(position) FROM _dbbasic_changes GROUP BY resource");
    }

    /**
     * The rows of {@code resource} after {@code after}, in position order, at most {@code limit} and about
     * {@code maxBytes} of JSON (at least one row). Reading stops there, so large records never pile up.
     */
    List<OutboxRow> pending(String resource, long after, int limit, long maxBytes) {
        return db.withConnection(conn -> {
            try (var statement = conn.prepareStatement("""
                    SELECT c.position, c.type, c.record_id, c.record, c.changes, c.caller, c.changed_at, c.event_id, d.position IS NOT NULL
                    FROM _dbbasic_changes c
                    LEFT JOIN _dbbasic_dead_letters d ON d.resource = c.resource AND d.position = c.position
                    WHERE c.resource = ? AND c.position > ?
                    ORDER BY c.position LIMIT ?""")) {
                statement.setString(1, resource);
                statement.setLong(2, after);
                statement.setInt(3, limit);
                var rows = new ArrayList<OutboxRow>();
                var bytes = 0L;
                try (var result = statement.executeQuery()) {
                    while (bytes < maxBytes && result.next()) {
                        var row = new OutboxRow(resource, result.getLong(1), result.getString(2), result.getLong(3), result.getString(4),
                                result.getString(5), result.getString(6), instant(result.getObject(7)), UUID.fromString(result.getString(8)),
                                result.getBoolean(9));
                        rows.add(row);
                        bytes += row.size();
                    }
                }
                return rows;
            }
        });
    }

    /**
     * For each of {@code recordIds}, how many of its changes up to {@code upTo} reached the event store: its
     * changes there, less its dead letters. That is the length of its stream, as far as this outbox wrote it.
     */
    Map<Long, Long> delivered(String resource, long upTo, Collection<Long> recordIds) {
        if (recordIds.isEmpty()) {
            return Map.of();
        }
        return db.withConnection(conn -> {
            try (var statement = conn.prepareStatement("""
                    SELECT c.record_id, count(*) FROM _dbbasic_changes c
                    WHERE c.resource = ? AND c.position <= ? AND c.record_id IN (%s)
                      AND NOT EXISTS (SELECT 1 FROM _dbbasic_dead_letters d WHERE d.resource = c.resource AND d.position = c.position)
                    GROUP BY c.record_id""".formatted(String.join(", ", Collections.nCopies(recordIds.size(), "?"))))) {
                statement.setString(1, resource);
                statement.setLong(2, upTo);
                var i = 3;
                for (var id : recordIds) {
                    statement.setLong(i++, id);
                }
                var counts = new HashMap<Long, Long>();
                try (var result = statement.executeQuery()) {
                    while (result.next()) {
                        counts.put(result.getLong(1), result.getLong(2));
                    }
                }
                return counts;
            }
        });
    }

    /** Moves the cursor of {@code resource} to {@code position} and records {@code deadLetters}, in one transaction. */
    void advance(String resource, long position, List<DeadLetter> deadLetters, Instant now) {
        db.inTransaction(conn -> {
            if (!deadLetters.isEmpty()) {
                insertDeadLetters(conn, deadLetters);
            }
            try (var statement = conn.prepareStatement("""
                    INSERT INTO _dbbasic_outbox (resource, relayed_position, relayed_at) VALUES (?, ?, ?)
                    ON CONFLICT (resource) DO UPDATE SET relayed_position = excluded.relayed_position, relayed_at = excluded.relayed_at""")) {
                statement.setString(1, resource);
                statement.setLong(2, position);
                statement.setObject(3, timestamp(now));
                statement.executeUpdate();
            }
            return null;
        });
    }

    private static void insertDeadLetters(Connection conn, List<DeadLetter> deadLetters) throws SQLException {
        try (PreparedStatement statement = conn.prepareStatement("""
                INSERT INTO _dbbasic_dead_letters (resource, position, record_id, event_id, stream, type, reason, failed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (var letter : deadLetters) {
                statement.setString(1, letter.resource());
                statement.setLong(2, letter.position());
                statement.setLong(3, letter.recordId());
                statement.setString(4, letter.eventId().toString());
                statement.setString(5, letter.stream());
                statement.setString(6, letter.type());
                statement.setString(7, letter.reason());
                statement.setObject(8, timestamp(letter.failedAt()));
                statement.executeUpdate();
            }
        }
    }

    /** When the first change of {@code resource} after {@code after} was made. */
    Optional<Instant> firstChangedAfter(String resource, long after) {
        return db.withConnection(conn -> {
            try (var statement = conn.prepareStatement(
                    "SELECT changed_at FROM _dbbasic_changes WHERE resource = ? AND position > ? ORDER BY position LIMIT 1")) {
                statement.setString(1, resource);
                statement.setLong(2, after);
                try (var result = statement.executeQuery()) {
                    return result.next() ? Optional.of(instant(result.getObject(1))) : Optional.empty();
                }
            }
        });
    }

    long deadLetterCount() {
        return db.withConnection(conn -> {
            try (var statement = conn.prepareStatement("SELECT count(*) FROM _dbbasic_dead_letters");
                 var result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    /** The most recent dead letters first, at most {@code limit}. */
    List<DeadLetter> deadLetters(String database, int limit) {
        return db.withConnection(conn -> {
            try (var statement = conn.prepareStatement("""
                    SELECT resource, position, record_id, event_id, stream, type, reason, failed_at FROM _dbbasic_dead_letters
                    ORDER BY failed_at DESC, resource, position DESC LIMIT ?""")) {
                statement.setInt(1, limit);
                var letters = new ArrayList<DeadLetter>();
                try (var result = statement.executeQuery()) {
                    while (result.next()) {
                        letters.add(new DeadLetter(database, result.getString(1), result.getLong(2), result.getLong(3),
                                UUID.fromString(result.getString(4)), result.getString(5), result.getString(6), result.getString(7),
                                instant(result.getObject(8))));
                    }
                }
                return letters;
            }
        });
    }

    private Map<String, Long> positions(String sql) {
        return db.withConnection(conn -> {
            var positions = new HashMap<String, Long>();
            try (var statement = conn.prepareStatement(sql); var result = statement.executeQuery()) {
                while (result.next()) {
                    positions.put(result.getString(1), result.getLong(2));
                }
            }
            return positions;
        });
    }

    private static LocalDateTime timestamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(Object timestamp) {
        return ((Timestamp) timestamp).toLocalDateTime().toInstant(ZoneOffset.UTC);
    }
}
