package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * Rows written to one table through DuckDB's Appender, inside the caller's transaction. For the writer's
 * group commits it costs DuckDB far less than INSERT statements: bench/crudbench/DuckProbe measured, for a
 * group of 24 creates and their change rows, 0.21 ms of CPU per row against 0.49 ms as two multi-row INSERTs
 * (whose cost is mostly parsing and binding the statement), and 0.07 against 0.30 for a group of 100.
 *
 * <p>The appender fills whole rows in the table's physical column order, so that order (and each decimal
 * column's scale, which it requires exactly) is read from the table in the same transaction, never
 * cached: a schema change between two transactions (a rebuilt table, a hidden column) cannot mislead it.
 * Columns the caller does not name, and values given as {@link #DEFAULT}, get the column's DEFAULT, as
 * an INSERT that leaves them out would; constraints are checked when the appender flushes, and a
 * violation fails the transaction like a failed INSERT.
 */
final class TableAppender {
    /** A value that stands for "leave this column to its DEFAULT" (a key the create did not give). */
    static final Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    private TableAppender() {}

    /** Whether {@link #append} takes this JDBC value (as {@link FieldCodec#toJdbc} makes them). */
    static boolean accepts(Object value) {
        return value == null || value == DEFAULT || value instanceof Long || value instanceof Integer || value instanceof String
                || value instanceof BigDecimal || value instanceof Boolean || value instanceof LocalDate || value instanceof LocalDateTime
                || value instanceof Double;
    }

    /** Appends {@code rows}, each holding the values of {@code names} in that order. */
    static void append(Connection conn, String table, List<String> names, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int[] source;
        int[] scale;
        // Executing a statement also begins the JDBC transaction, which DuckDB's JDBC does lazily: an appender
        // on a connection with no transaction running yet would commit its rows on its own.
        try (var statement = conn.prepareStatement("SELECT * FROM " + ident(table) + " LIMIT 0");
             var result = statement.executeQuery()) {
            var meta = result.getMetaData();
            source = new int[meta.getColumnCount()];
            scale = new int[source.length];
            for (var i = 0; i < source.length; i++) {
                source[i] = names.indexOf(meta.getColumnName(i + 1));
                scale[i] = meta.getScale(i + 1);
            }
        }
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
