/**
 * The DuckDB schema manager: a resource's model becomes its table (and join tables), and a changed model
 * becomes a checked migration (CONTRACT §3 "Migrations").
 *
 * <p>How it fits together: {@link io.dbbasic.crud.schema.SchemaManager} reads the resource's last
 * {@code TableShape} from the file's schema history ({@code SchemaHistory}), the {@code Planner} diffs it
 * with the model into steps and {@code Check}s, {@code RowChecks} counts the stored rows each check would
 * break, and only when none would does the {@code Migrator} change the file, through {@code Ddl}, in one
 * transaction under the file's exclusive gate, recording the new shape.
 *
 * <p>Rules kept throughout: nothing is dropped (a removed field's column stays, hidden; a rebuild copies
 * every column DuckDB has and every row); identifiers only from the validated model, quoted by
 * {@code Sql.ident}; values as parameters, or typed {@code Sql.literal}s where DDL takes none.
 */
package io.dbbasic.crud.schema;
