package io.dbbasic.crud.schema;

/** One change a migration makes, as a person reads it in a plan, a report or the history. */
public sealed interface MigrationStep {
    String describe();

    record CreateTable(String table, int columns) implements MigrationStep {
        @Override public String describe() { return "create table " + table + " (" + columns + " columns)"; }
    }

    /** {@code defaultValue}: what the existing rows get, or null. */
    record AddColumn(String column, Object defaultValue) implements MigrationStep {
        @Override public String describe() {
            return "add column " + column + (defaultValue == null ? "" : " (existing rows get " + show(defaultValue) + ")");
        }
    }

    record RenameColumn(String from, String to) implements MigrationStep {
        @Override public String describe() { return "rename column " + from + " to " + to + " (data kept)"; }
    }

    record HideColumn(String column) implements MigrationStep {
        @Override public String describe() { return "hide column " + column + " (field removed; data kept)"; }
    }

    record RestoreColumn(String column) implements MigrationStep {
        @Override public String describe() { return "restore hidden column " + column + " with its data"; }
    }

    /** A change to one aspect of a column: its type, a constraint, a rule, its default or index. */
    record ChangeColumn(String column, String change) implements MigrationStep {
        @Override public String describe() { return column + ": " + change; }
    }

    /** DuckDB 1.4 cannot alter a column of an indexed table, so the table is copied in one transaction. */
    record RebuildTable(String table) implements MigrationStep {
        @Override public String describe() { return "rebuild table " + table + " (copy, checked, in one transaction)"; }
    }

    record CreateJoinTable(String field, String table) implements MigrationStep {
        @Override public String describe() { return "create join table " + table + " for " + field; }
    }

    record RenameJoinTable(String fromField, String toField, String fromTable, String toTable) implements MigrationStep {
        @Override public String describe() {
            return "rename join table " + fromTable + " to " + toTable + " (" + fromField + " renamed to " + toField + "; links kept)";
        }
    }

    record HideJoinTable(String field, String table) implements MigrationStep {
        @Override public String describe() { return "keep join table " + table + " hidden (field " + field + " removed; links kept)"; }
    }

    record RestoreJoinTable(String field, String table) implements MigrationStep {
        @Override public String describe() { return "restore join table " + table + " for " + field + " with its links"; }
    }

    private static String show(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }
}
