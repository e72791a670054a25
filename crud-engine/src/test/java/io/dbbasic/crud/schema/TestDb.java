package io.dbbasic.crud.schema;

import io.dbbasic.common.storage.DuckDbFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A real DuckDB file in a temp dir, with plain-SQL helpers for arranging and inspecting tables. */
final class TestDb implements AutoCloseable {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC);

    private final Path file;
    private DuckDbFile db;

    TestDb(Path dir) {
        this.file = dir.resolve("data/app.duckdb");
        this.db = DuckDbFile.open(file);
    }

    DuckDbFile file() {
        return db;
    }

    SchemaManager schema() {
        return new SchemaManager(db, CLOCK);
    }

    SchemaManager schema(Ddl.Listener listener) {
        return new SchemaManager(db, CLOCK, listener);
    }

    /** Closes and opens the file again, as a restarted process would. */
    void reopen() {
        db.close();
        db = DuckDbFile.open(file);
    }

    void exec(String... statements) {
        db.inTransaction(conn -> {
            try (var st = conn.createStatement()) {
                for (var sql : statements) {
                    st.execute(sql);
                }
            }
            return null;
        });
    }

    List<Map<String, Object>> query(String sql, Object... params) {
        return db.withConnection(conn -> {
            try (var st = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    st.setObject(i + 1, params[i]);
                }
                try (var rs = st.executeQuery()) {
                    var rows = new ArrayList<Map<String, Object>>();
                    var md = rs.getMetaData();
                    while (rs.next()) {
                        var row = new LinkedHashMap<String, Object>();
                        for (int c = 1; c <= md.getColumnCount(); c++) {
                            row.put(md.getColumnLabel(c), rs.getObject(c));
                        }
                        rows.add(row);
                    }
                    return rows;
                }
            }
        });
    }

    Object value(String sql, Object... params) {
        var rows = query(sql, params);
        return rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    }

    List<Object> column(String sql, Object... params) {
        return query(sql, params).stream().map(r -> r.values().iterator().next()).toList();
    }

    /** name → DuckDB type, in table order. */
    Map<String, String> columns(String table) {
        var out = new LinkedHashMap<String, String>();
        for (var row : query("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", table)) {
            out.put((String) row.get("column_name"), (String) row.get("data_type"));
        }
        return out;
    }

    Map<String, Boolean> nullable(String table) {
        var out = new LinkedHashMap<String, Boolean>();
        for (var row : query("SELECT column_name, is_nullable FROM duckdb_columns() WHERE table_name = ?", table)) {
            out.put((String) row.get("column_name"), (Boolean) row.get("is_nullable"));
        }
        return out;
    }

    /** The columns that have a CREATE INDEX index, e.g. {@code [author_id]}. */
    List<String> indexedColumns(String table) {
        return column("SELECT expressions FROM duckdb_indexes() WHERE table_name = ? ORDER BY index_name", table).stream()
                .map(e -> String.valueOf(e).replaceAll("[\\[\\]'\"]", "")).toList();
    }

    List<String> tables() {
        return column("SELECT table_name FROM duckdb_tables() ORDER BY table_name").stream().map(String.class::cast).toList();
    }

    List<Long> versions(String resource) {
        return column("SELECT version FROM \"_dbbasic_schema_history\" WHERE resource = ? ORDER BY version", resource)
                .stream().map(v -> ((Number) v).longValue()).toList();
    }

    long count(String table) {
        return ((Number) value("SELECT count(*) FROM \"" + table + "\"")).longValue();
    }

    @Override
    public void close() {
        db.close();
    }
}
