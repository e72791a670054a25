package io.dbbasic.crud.schema;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.Resource;

/**
 * Names of the tables the schema manager creates besides a resource's own table (which is named after
 * the resource). Internal tables start with {@code _}, which no resource name can.
 */
public final class SchemaNames {
    /** One row per applied model version of each resource in the database file. */
    public static final String HISTORY_TABLE = "_dbbasic_schema_history";
    /** The join table column holding the id of the record that declares the many_to_many field. */
    public static final String JOIN_SOURCE = "source_id";
    /** The join table column holding the id of the referenced record. */
    public static final String JOIN_TARGET = "target_id";

    private SchemaNames() {}

    /** The join table of a many_to_many field, e.g. {@code _m2m_posts_tags}; it lives in the resource's database file. */
    public static String joinTable(Resource resource, Field field) {
        return joinTable(resource.name(), field.name());
    }

    static String joinTable(String resource, String field) {
        return "_m2m_" + resource + "_" + field;
    }

    /**
     * The name of the index on {@code table.column}. The dot cannot occur in a resource or field name, so
     * two indexes never share a name (names are quoted, so the dot is only text).
     */
    static String index(String table, String column) {
        return "_idx_" + table + "." + column;
    }

    /** Where a table rebuild copies rows before the old table is dropped and this one renamed. */
    static String rebuildTemp(String table) {
        return "_rebuild_" + table;
    }
}
