package io.dbbasic.crud.schema;

import static io.dbbasic.common.storage.Sql.ident;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;

/**
 * Runs a checked {@link Migration} inside the caller's transaction: creates the table, alters it in
 * place where DuckDB allows (new nullable columns, indexes), or rebuilds it. Any failure throws and the
 * caller's transaction rolls everything back, so a half-applied migration never commits.
 */
final class Migrator {
    private final Ddl ddl;

    Migrator(Ddl ddl) {
        this.ddl = ddl;
    }

    void run(Connection conn, Migration migration) throws SQLException {
        var to = migration.to();
        if (migration.from() == null) {
            ddl.createTable(conn, to.table(), to.columns());
            ddl.createIndexes(conn, to.table(), to.columns());
        } else if (migration.rebuild()) {
            rebuild(conn, migration);
        } else {
            alterInPlace(conn, migration);
        }
        joinTables(conn, migration);
    }

    /** Only what DuckDB 1.4 can do to an indexed table: add unconstrained columns, add and drop indexes. */
    private void alterInPlace(Connection conn, Migration migration) throws SQLException {
        var table = migration.to().table();
        for (var column : migration.to().columns()) {
            var source = migration.columnSources().get(column.name());
            if (source == null) {
                ddl.addColumn(conn, table, column);
                if (column.indexed()) {
                    ddl.createIndex(conn, table, column.name());
                }
                continue;
            }
            var old = migration.from().column(source).orElseThrow();
            if (old.indexed() && !column.indexed()) {
                ddl.dropIndex(conn, table, old.name());
            } else if (!old.indexed() && column.indexed()) {
                ddl.createIndex(conn, table, column.name());
            }
        }
    }

    /**
     * The table is copied into a new one with the new columns and constraints, the old one dropped
     * (with its indexes), the copy renamed into its place (possible because it has no CREATE INDEX index
     * yet) and the indexes made again. Data is never left behind: every column DuckDB has must be copied
     * (including hidden ones and any the history does not know), and the copy must hold every row.
     * The new table's NOT NULL and UNIQUE constraints hold during the copy, so a row the checks missed
     * fails the transaction rather than slipping through.
     */
    private void rebuild(Connection conn, Migration migration) throws SQLException {
        var from = migration.from();
        var to = migration.to();
        var temp = SchemaNames.rebuildTemp(to.table());
        ddl.createTable(conn, temp, to.columns());

        var targets = new ArrayList<String>();
        var expressions = new ArrayList<String>();
        var copied = new HashSet<String>();
        for (var column : to.columns()) {
            var source = migration.columnSources().get(column.name());
            if (source == null) {
                continue; // a new column: the INSERT leaves it out, so it gets its default
            }
            var old = from.column(source).orElseThrow();
            targets.add(column.name());
            expressions.add(Ddl.convert(ident(source), old.sqlType(), column.sqlType()));
            copied.add(source);
        }
        var stored = ddl.columnNames(conn, from.table());
        var left = stored.stream().filter(c -> !copied.contains(c)).toList();
        if (!left.isEmpty()) {
            throw new IllegalStateException("rebuilding " + from.table() + " would leave columns " + left
                    + " behind; the schema history does not match the table, so nothing was changed");
        }
        var rows = ddl.rowCount(conn, from.table());
        var copiedRows = ddl.copyRows(conn, from.table(), temp, targets, expressions);
        if (copiedRows != rows) {
            throw new IllegalStateException("rebuilding " + from.table() + " copied " + copiedRows + " of " + rows
                    + " rows; nothing was changed");
        }
        ddl.dropTable(conn, from.table());
        ddl.renameTable(conn, temp, to.table());
        ddl.createIndexes(conn, to.table(), to.columns());
    }

    private void joinTables(Connection conn, Migration migration) throws SQLException {
        var from = migration.from();
        for (var join : migration.to().joinTables()) {
            var source = migration.joinSources().get(join.field());
            if (source != null) {
                ddl.renameJoinTable(conn, from.joinTable(source).orElseThrow().table(), join.table());
            } else if (from == null || from.joinTable(join.field()).isEmpty()) {
                ddl.createJoinTable(conn, join.table());
            }
        }
    }
}
