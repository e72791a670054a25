package io.dbbasic.crud.records;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The creates of the writer's current group that wait to be written together (see {@link Mutations#apply}):
 * the new rows of each table go in through one DuckDB Appender ({@link RecordTable#insertMany}). DuckDB's
 * cost is per statement far more than per row, and the writer thread is what limits creates per second.
 *
 * <p>Touched only by the writer thread, within one transaction. Flushed before any other statement of that
 * transaction (so every read sees what the group wrote), and before the change log; cleared when a
 * transaction begins or fails, so rows of a rolled-back group never reach the next one.
 */
final class BufferedInserts {
    private record Rows(RecordTable table, List<Long> ids, List<Map<String, Object>> values) {}

    private final Map<String, Rows> pending = new LinkedHashMap<>();
    private final TableAppender appender;

    BufferedInserts(TableAppender appender) {
        this.appender = appender;
    }

    void add(RecordTable table, long id, Map<String, Object> values) {
        var rows = pending.computeIfAbsent(table.resource().name(), name -> new Rows(table, new ArrayList<>(), new ArrayList<>()));
        rows.ids().add(id);
        rows.values().add(values);
    }

    void flush(Connection conn) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        try {
            for (var rows : pending.values()) {
                rows.table().insertMany(conn, appender, rows.ids(), rows.values());
            }
        } finally {
            pending.clear();
        }
    }

    void clear() {
        pending.clear();
    }
}
