package io.dbbasic.crud.schema;

import static io.dbbasic.common.storage.Sql.ident;

import io.dbbasic.common.storage.Sql;
import io.dbbasic.crud.schema.TableShape.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every DDL statement and catalog query of the schema manager. Identifiers come from the validated model
 * and go through {@link Sql#ident}; defaults (DDL takes no parameters) through {@link Sql#literal}, from
 * typed values only; catalog lookups take their names as parameters.
 *
 * <p>What DuckDB 1.4.4 allows, measured against a real file (pinned in DuckDbDdlBehaviourTest):
 * <ul>
 *   <li>{@code ADD COLUMN} with a DEFAULT works on a table with indexes, fills existing rows with the
 *       default, and keeps rows other connections committed meanwhile. It takes no constraint ("Adding
 *       columns with constraints not yet supported"): not NOT NULL, not UNIQUE.</li>
 *   <li>{@code RENAME COLUMN}, {@code ALTER TYPE}, {@code SET/DROP NOT NULL}, {@code SET/DROP DEFAULT} and
 *       {@code RENAME TO} fail with "Dependency Error" once the table has an index made by CREATE INDEX.
 *       The PRIMARY KEY and UNIQUE constraints' own indexes do not block them, but {@code ALTER TYPE} of a
 *       UNIQUE column fails anyway, and there is no {@code ADD CONSTRAINT UNIQUE} / {@code ADD UNIQUE}.</li>
 *   <li>Inside one transaction, CREATE TABLE, INSERT … SELECT, DROP TABLE, ALTER TABLE … RENAME TO,
 *       CREATE INDEX and DROP INDEX all work and all roll back together: a rebuild is atomic.</li>
 *   <li>A row another connection commits after the rebuild transaction began is not seen by its copy and
 *       vanishes with the DROP, without any conflict error. Hence {@code DuckDbFile.exclusively}.</li>
 * </ul>
 */
final class Ddl {
    /** Sees every DDL statement before it runs; tests use it to fail a rebuild halfway. */
    @FunctionalInterface
    interface Listener {
        Listener NONE = sql -> { };

        void beforeStatement(String sql) throws SQLException;
    }

    private static final List<Column> JOIN_COLUMNS = List.of(
            new Column(SchemaNames.JOIN_SOURCE, "foreign_key", SqlType.BIGINT, true, true, false, false, null,
                    TableShape.Rules.NONE, false),
            new Column(SchemaNames.JOIN_TARGET, "foreign_key", SqlType.BIGINT, true, true, false, true, null,
                    TableShape.Rules.NONE, false));

    private final Listener listener;

    Ddl(Listener listener) {
        this.listener = listener;
    }

    /** The table with its constraints (NOT NULL, UNIQUE, DEFAULT, PRIMARY KEY), without its indexes. */
    void createTable(Connection conn, String table, List<Column> columns) throws SQLException {
        var defs = new ArrayList<String>();
        for (var c : columns) {
            var def = new StringBuilder(ident(c.name())).append(' ').append(c.sqlType().ddl());
            if (c.notNull() && !c.primaryKey()) {
                def.append(" NOT NULL");
            }
            if (c.unique()) {
                def.append(" UNIQUE");
            }
            if (c.defaultValue() != null) {
                def.append(" DEFAULT ").append(Sql.literal(c.defaultValue()));
            }
            defs.add(def.toString());
        }
        var key = columns.stream().filter(Column::primaryKey).map(c -> ident(c.name())).collect(Collectors.joining(", "));
        if (!key.isEmpty()) {
            defs.add("PRIMARY KEY (" + key + ")");
        }
        execute(conn, "CREATE TABLE " + ident(table) + " (\n    " + String.join(",\n    ", defs) + "\n)");
    }

    void createIndexes(Connection conn, String table, List<Column> columns) throws SQLException {
        for (var c : columns) {
            if (c.indexed()) {
                createIndex(conn, table, c.name());
            }
        }
    }

    void createIndex(Connection conn, String table, String column) throws SQLException {
        execute(conn, "CREATE INDEX " + ident(SchemaNames.index(table, column)) + " ON " + ident(table) + " (" + ident(column) + ")");
    }

    void dropIndex(Connection conn, String table, String column) throws SQLException {
        execute(conn, "DROP INDEX " + ident(SchemaNames.index(table, column)));
    }

    /** A nullable, unconstrained column; existing rows get the default (or NULL). */
    void addColumn(Connection conn, String table, Column column) throws SQLException {
        var sql = "ALTER TABLE " + ident(table) + " ADD COLUMN " + ident(column.name()) + " " + column.sqlType().ddl()
                + (column.defaultValue() == null ? "" : " DEFAULT " + Sql.literal(column.defaultValue()));
        execute(conn, sql);
    }

    void createJoinTable(Connection conn, String table) throws SQLException {
        createTable(conn, table, JOIN_COLUMNS);
        createIndexes(conn, table, JOIN_COLUMNS);
    }

    /** Renames a join table; its target index blocks RENAME TO, so it is dropped and made again under the new name. */
    void renameJoinTable(Connection conn, String from, String to) throws SQLException {
        dropIndex(conn, from, SchemaNames.JOIN_TARGET);
        renameTable(conn, from, to);
        createIndex(conn, to, SchemaNames.JOIN_TARGET);
    }

    /** Copies every row; {@code expressions} are SQL over the source table's columns, one per target column. */
    long copyRows(Connection conn, String from, String to, List<String> targetColumns, List<String> expressions)
            throws SQLException {
        var sql = "INSERT INTO " + ident(to) + " (" + targetColumns.stream().map(Sql::ident).collect(Collectors.joining(", "))
                + ")\nSELECT " + String.join(", ", expressions) + " FROM " + ident(from);
        listener.beforeStatement(sql);
        try (var st = conn.createStatement()) {
            return st.executeLargeUpdate(sql);
        }
    }

    void dropTable(Connection conn, String table) throws SQLException {
        execute(conn, "DROP TABLE " + ident(table));
    }

    void renameTable(Connection conn, String from, String to) throws SQLException {
        execute(conn, "ALTER TABLE " + ident(from) + " RENAME TO " + ident(to));
    }

    /** The tables of the file's main schema, as this transaction sees them. */
    Set<String> tables(Connection conn) throws SQLException {
        var sql = """
                SELECT table_name FROM duckdb_tables()
                WHERE database_name = current_database() AND schema_name = 'main'""";
        var names = new HashSet<String>();
        try (var st = conn.prepareStatement(sql); var rs = st.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The table's columns as DuckDB has them, whatever the history says. */
    List<String> columnNames(Connection conn, String table) throws SQLException {
        var sql = """
                SELECT column_name FROM duckdb_columns()
                WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
                ORDER BY column_index""";
        var names = new ArrayList<String>();
        try (var st = conn.prepareStatement(sql)) {
            st.setString(1, table);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    long rowCount(Connection conn, String table) throws SQLException {
        try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + ident(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * {@code column} (already quoted) as a value of type {@code to}. TRY_CAST yields NULL where a value
     * does not convert; the checks count exactly those rows before any copy. Text becomes a timestamp
     * through TIMESTAMPTZ, so an offset ({@code +02:00}, {@code Z}) is honoured and the result is UTC
     * (a plain cast to TIMESTAMP drops the offset).
     */
    static String convert(String column, SqlType from, SqlType to) {
        if (from.equals(to)) {
            return column;
        }
        if (to.isText()) {
            return "CAST(" + column + " AS VARCHAR)";
        }
        if (from.isText() && to.kind() == SqlType.Kind.TIMESTAMP) {
            return "(TRY_CAST(" + column + " AS TIMESTAMPTZ) AT TIME ZONE 'UTC')";
        }
        return "TRY_CAST(" + column + " AS " + to.ddl() + ")";
    }

    private void execute(Connection conn, String sql) throws SQLException {
        listener.beforeStatement(sql);
        try (var st = conn.createStatement()) {
            st.execute(sql);
        }
    }
}
