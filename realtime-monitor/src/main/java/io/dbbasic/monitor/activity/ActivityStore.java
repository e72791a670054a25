package io.dbbasic.monitor.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.activity.Activity;
import io.dbbasic.common.storage.DuckDbFile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The {@code activity} table of {@code monitor.duckdb}: appended in batches, read newest first, pruned to the last hour. */
final class ActivityStore {
    private final DuckDbFile db;
    private final ObjectMapper json;

    ActivityStore(DuckDbFile db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** The highest id stored, 0 when empty; ids continue from there after a restart. */
    long lastId() {
        return db.withConnection(conn -> {
            try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM activity")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Appends one batch in one transaction (DuckDB's appender: one round trip for the batch). */
    void append(List<StoredActivity> batch) {
        if (batch.isEmpty()) {
            return;
        }
        db.inTransaction(conn -> {
            try (var appender = conn.createAppender("main", "activity")) {
                for (var stored : batch) {
                    var a = stored.activity();
                    appender.beginRow();
                    appender.append(stored.id());
                    appender.append(a.service());
                    appender.append(a.type());
                    appender.append(a.method());
                    appender.append(a.path());
                    appender.append(a.status());
                    appender.append(a.durationMs());
                    appender.append(a.resource());
                    appender.append(LocalDateTime.ofInstant(a.at(), ZoneOffset.UTC));
                    appender.append(detail(a.detail()));
                    appender.endRow();
                }
            }
            return null;
        });
    }

    /** Newest first, at most {@code filter.limit()} events. */
    List<StoredActivity> find(ActivityFilter filter) {
        var sql = new StringBuilder("SELECT id, service, type, method, path, status, duration_ms, resource, occurred_at, detail FROM activity WHERE true");
        var params = new ArrayList<String>();
        filter.service().ifPresent(s -> { sql.append(" AND service = ?"); params.add(s); });
        filter.type().ifPresent(t -> { sql.append(" AND type = ?"); params.add(t); });
        filter.resource().ifPresent(r -> { sql.append(" AND resource = ?"); params.add(r); });
        sql.append(" ORDER BY id DESC LIMIT ").append(filter.limit());
        return db.withConnection(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setString(i + 1, params.get(i));
                }
                try (var rs = ps.executeQuery()) {
                    var result = new ArrayList<StoredActivity>();
                    while (rs.next()) {
                        result.add(row(rs));
                    }
                    return result;
                }
            }
        });
    }

    /** Deletes events older than {@code before}, and the oldest beyond {@code keep} rows; returns how many went. */
    long prune(Instant before, long keep) {
        return db.inTransaction(conn -> {
            long deleted;
            try (var ps = conn.prepareStatement("DELETE FROM activity WHERE occurred_at < ?")) {
                ps.setObject(1, LocalDateTime.ofInstant(before, ZoneOffset.UTC));
                deleted = ps.executeUpdate();
            }
            try (var ps = conn.prepareStatement("DELETE FROM activity WHERE id <= (SELECT max(id) FROM activity) - ?")) {
                ps.setLong(1, keep);
                deleted += ps.executeUpdate();
            }
            return deleted;
        });
    }

    private StoredActivity row(ResultSet rs) throws SQLException {
        var at = rs.getObject("occurred_at", LocalDateTime.class).toInstant(ZoneOffset.UTC);
        return new StoredActivity(rs.getLong("id"), new Activity(
                rs.getString("service"), rs.getString("type"), rs.getString("method"), rs.getString("path"),
                (Integer) rs.getObject("status"), (Double) rs.getObject("duration_ms"), rs.getString("resource"),
                at, parse(rs.getString("detail"))));
    }

    private String detail(Object detail) {
        if (detail == null) {
            return null;
        }
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("activity detail is not JSON", e);
        }
    }

    private Object parse(String detail) {
        if (detail == null) {
            return null;
        }
        try {
            return json.readValue(detail, Object.class);
        } catch (JsonProcessingException e) {
            return detail;   // written by an older monitor as plain text: show it as it is
        }
    }
}
