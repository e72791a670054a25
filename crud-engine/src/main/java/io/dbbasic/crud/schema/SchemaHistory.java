package io.dbbasic.crud.schema;

import static io.dbbasic.common.storage.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The schema history table of one database file: one row per applied version of each resource whose
 * table lives in the file, with the shape it left (so the next migration knows hidden columns and the
 * rules the stored rows passed) and a summary for people.
 */
final class SchemaHistory {
    private static final String TABLE = ident(SchemaNames.HISTORY_TABLE);

    /** One applied version. */
    record Entry(String resource, long version, Instant appliedAt, String shapeHash, TableShape shape, String summary) {}

    private final ShapeJson json = new ShapeJson();

    void ensureTable(Connection conn) throws SQLException {
        try (var st = conn.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS %s (
                        resource   VARCHAR   NOT NULL,
                        version    BIGINT    NOT NULL,
                        applied_at TIMESTAMP NOT NULL,
                        shape_hash VARCHAR   NOT NULL,
                        shape      VARCHAR   NOT NULL,
                        summary    VARCHAR   NOT NULL,
                        PRIMARY KEY (resource, version)
                    )""".formatted(TABLE));
        }
    }

    /** The latest version of {@code resource}; empty when it was never applied (or the file has no history yet). */
    Optional<Entry> latest(Connection conn, String resource, boolean tableExists) throws SQLException {
        if (!tableExists) {
            return Optional.empty();
        }
        var sql = """
                SELECT version, applied_at, shape_hash, shape, summary FROM %s
                WHERE resource = ? ORDER BY version DESC LIMIT 1""".formatted(TABLE);
        try (var st = conn.prepareStatement(sql)) {
            st.setString(1, resource);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Entry(resource, rs.getLong(1), utc(rs.getObject(2, LocalDateTime.class)),
                        rs.getString(3), json.read(rs.getString(4)), rs.getString(5)));
            }
        }
    }

    Entry record(Connection conn, String resource, long version, Instant appliedAt, TableShape shape, String summary)
            throws SQLException {
        var entry = new Entry(resource, version, appliedAt, json.hash(shape), shape, summary);
        var sql = "INSERT INTO %s (resource, version, applied_at, shape_hash, shape, summary) VALUES (?, ?, ?, ?, ?, ?)"
                .formatted(TABLE);
        try (var st = conn.prepareStatement(sql)) {
            st.setString(1, resource);
            st.setLong(2, version);
            st.setObject(3, LocalDateTime.ofInstant(appliedAt, ZoneOffset.UTC));
            st.setString(4, entry.shapeHash());
            st.setString(5, json.write(shape));
            st.setString(6, summary);
            st.executeUpdate();
        }
        return entry;
    }

    private static Instant utc(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }
}
