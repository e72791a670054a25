package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import io.dbbasic.common.storage.DuckDbFile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * Rows written to the tables of one database file through DuckDB's Appender, inside the caller's transaction
 * ({@link DuckDbFile#inTransaction} has begun it: an appender outside a transaction commits on its own). For
 * the writer's group commits it costs DuckDB far less than INSERT statements: bench/crudbench/DuckProbe
 * measured, for a group of 24 creates and their change rows, 0.21 ms of CPU per row against 0.49 ms as two
 * multi-row INSERTs (whose cost is mostly parsing and binding the statement), and 0.07 against 0.30 for a
 * group of 100.
 *
 * <p>The appender fills whole rows in the table's physical column order, so that order (and each decimal
 * column's scale, which it requires exactly) is read from the table, and kept while the file's
 * {@linkplain DuckDbFile#schemaGeneration() schema generation} stays the same: tables change shape only
 * under {@link DuckDbFile#exclusively}, which no write transaction overlaps. Reading it for every group cost
 * the writer thread two statements per commit, a fifth of its time. A failed append forgets the table's
 * layout all the same, so the retry reads it afresh. Columns the caller does not name, and values given as
 * {@link #DEFAULT}, get the column's DEFAULT, as an INSERT that leaves them out would; constraints are
 * checked when the appender flushes, and a violation fails the transaction like a failed INSERT.
 *
 * <p>Used by the file's writer thread only.
 */
final class TableAppender {
    /** A value that stands for "leave this column to its DEFAULT" (a key the create did not give). */
    static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    /** A table's columns in physical order, and each one's decimal scale. */
    private record Layout(List<String> columns, int[] scales) {}

    private final DuckDbFile file;
    private final Map<String, Layout> layouts = new HashMap<>();
    private long generation = -1;

    TableAppender(DuckDbFile file) {
        this.file = file;
    }

    /** Whether {@link #append} takes this JDBC value (as {@link FieldCodec#toJdbc} makes them). */
    static boolean accepts(Object value) {
        return value == null || value == DEFAULT || value instanceof Long || value instanceof Integer || value instanceof String
                || value instanceof BigDecimal || value instanceof Boolean || value instanceof LocalDate || value instanceof LocalDateTime
                || value instanceof Double;
    }

    /** Appends {@code rows}, each holding the values of {@code names} in that order. */
    void append(Connection conn, String table, List<String> names, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        var layout = layout(conn, table);
        var source = new int[layout.columns().size()];
        for (var i = 0; i < source.length; i++) {
            source[i] = names.indexOf(layout.columns().get(i));
        }
        try {
            write(conn, table, layout.scales(), source, rows);
        } catch (SQLException | RuntimeException e) {
            layouts.remove(table);
            throw e;
        }
    }

    private Layout layout(Connection conn, String table) throws SQLException {
        var current = file.schemaGeneration();
        if (current != generation) {
            layouts.clear();
            generation = current;
        }
        var known = layouts.get(table);
        if (known != null) {
            return known;
        }
        try (var statement = conn.prepareStatement("SELECT * FROM " + ident(table) + " LIMIT 0")) {
            var meta = statement.getMetaData();
            var columns = new ArrayList<String>(meta.getColumnCount());
            var scales = new int[meta.getColumnCount()];
            for (var i = 0; i < scales.length; i++) {
                columns.add(meta.getColumnName(i + 1));
                scales[i] = meta.getScale(i + 1);
            }
            var layout = new Layout(List.copyOf(columns), scales);
            layouts.put(table, layout);
            return layout;
        }
    }

    private static void write(Connection conn, String table, int[] scale, int[] source, List<Object[]> rows) throws SQLException {
        try (var appender = conn.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
            for (var row : rows) {
                appender.beginRow();
                for (var i = 0; i < source.length; i++) {
                    var value = source[i] < 0 ? DEFAULT : row[source[i]];
                    if (value == DEFAULT) {
                        appender.appendDefault();
                    } else if (value == null) {
                        appender.appendNull();
                    } else if (value instanceof String text) {
                        appender.append(text);
                    } else if (value instanceof Long number) {
                        appender.append(number.longValue());
                    } else if (value instanceof Integer number) {
                        appender.append(number.longValue());
                    } else if (value instanceof BigDecimal number) {
                        appender.append(number.setScale(scale[i], RoundingMode.HALF_UP));
                    } else if (value instanceof Boolean flag) {
                        appender.append(flag.booleanValue());
                    } else if (value instanceof LocalDateTime time) {
                        appender.append(time);
                    } else if (value instanceof LocalDate date) {
                        appender.append(date);
                    } else if (value instanceof Double number) {
                        appender.append(number.doubleValue());
                    } else {
                        throw new SQLException("the appender takes no " + value.getClass().getSimpleName() + " (column " + (i + 1) + " of " + table + ")");
                    }
                }
                appender.endRow();
            }
            appender.flush();   // here, not in close(), which does not report a violated constraint
        }
    }
}
