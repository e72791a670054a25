package io.dbbasic.crud.schema;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a resource's storage looks like: its table's columns (including hidden ones: fields that were
 * removed but whose data is kept) and its join tables, each with the rules its rows were checked
 * against. The schema history stores one per applied version, so the next migration can tell what is
 * new, what is tighter, and which columns hold data the model no longer mentions.
 */
record TableShape(String table, List<Column> columns, List<JoinTable> joinTables) {
    TableShape {
        columns = List.copyOf(columns);
        joinTables = List.copyOf(joinTables);
    }

    Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    Optional<JoinTable> joinTable(String field) {
        return joinTables.stream().filter(j -> j.field().equals(field)).findFirst();
    }

    Column primaryKey() {
        return columns.stream().filter(Column::primaryKey).findFirst().orElseThrow();
    }

    /** Column order does not matter to anyone (every query names its columns), so it does not make a version. */
    TableShape canonical() {
        return new TableShape(table,
                columns.stream().sorted(Comparator.comparing(Column::name)).toList(),
                joinTables.stream().sorted(Comparator.comparing(JoinTable::field)).toList());
    }

    boolean sameAs(TableShape other) {
        return canonical().equals(other.canonical());
    }

    /**
     * One column. {@code fieldType} is the YAML type name (it decides which checks apply);
     * {@code defaultValue} is a value of {@code sqlType.valueClass()} or null.
     */
    record Column(String name, String fieldType, SqlType sqlType, boolean primaryKey, boolean notNull,
                  boolean unique, boolean indexed, Object defaultValue, Rules rules, boolean hidden) {
        Column {
            if (defaultValue != null && !sqlType.valueClass().isInstance(defaultValue)) {
                throw new IllegalArgumentException("default of " + name + " is a " + defaultValue.getClass().getSimpleName()
                        + ", not a value of " + sqlType);
            }
        }

        static Column of(Field field) {
            var type = field.type();
            var sqlType = SqlType.of(type);
            var pk = field.isPrimaryKey();
            // The loader warns "not used" for unique on boolean, json and file, but keeps the flag: a UNIQUE
            // boolean column would hold two rows, so the flag is ignored here too.
            var unique = !pk && field.unique()
                    && !(type instanceof FieldType.Bool || type instanceof FieldType.Json || type instanceof FieldType.File);
            // A UNIQUE constraint brings its own index, and the primary key is one.
            var indexed = !pk && !unique && (field.indexed() || type instanceof FieldType.ForeignKey);
            return new Column(field.name(), type.yamlName(), sqlType, pk, pk || field.required(), unique,
                    indexed, pk ? null : columnValue(field, sqlType), Rules.of(field), false);
        }

        /** The column a removed field leaves: same data, but it no longer stops an insert that leaves it out. */
        Column hide() {
            return new Column(name, fieldType, sqlType, false, false, unique, indexed, defaultValue, rules, true);
        }

        Column renamed(String newName) {
            return new Column(newName, fieldType, sqlType, primaryKey, notNull, unique, indexed, defaultValue, rules, hidden);
        }

        /** What DDL says about the column, apart from its name and index: a difference needs a table rebuild. */
        boolean sameStorage(Column other) {
            return sqlType.equals(other.sqlType) && primaryKey == other.primaryKey && notNull == other.notNull
                    && unique == other.unique && java.util.Objects.equals(defaultValue, other.defaultValue);
        }

        /** string, text, email, url, select: a blank value counts as missing on write. */
        boolean isTextField() {
            return List.of("string", "text", "email", "url", "select").contains(fieldType);
        }

        /** The type as a person reads it: {@code decimal(10,2)}, {@code string}. */
        String typeLabel() {
            return sqlType.kind() == SqlType.Kind.DECIMAL && fieldType.equals("decimal")
                    ? "decimal(" + sqlType.precision() + "," + sqlType.scale() + ")" : fieldType;
        }

        private static Object columnValue(Field field, SqlType sqlType) {
            var value = field.defaultValue();
            if (value == null) {
                return null;
            }
            var type = field.type();
            if (type instanceof FieldType.Json || type instanceof FieldType.File) {
                // A json default is a plain JSON value (map, list, string, number…); the column holds its text.
                // Keys are sorted so the same default always gives the same text (and no spurious version).
                try {
                    return Json.newMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(value);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException("default of " + field.name() + " is not JSON", e);
                }
            }
            if (sqlType.kind() == SqlType.Kind.BIGINT && value instanceof Number n && !(value instanceof BigDecimal)) {
                return n.longValue();
            }
            if (sqlType.kind() == SqlType.Kind.DECIMAL && value instanceof Long l) {
                return BigDecimal.valueOf(l);
            }
            return value;
        }
    }

    /** The checks a field's values passed when stored (null or empty: no such rule). */
    record Rules(Integer maxLength, Integer minLength, BigDecimal min, BigDecimal max, String pattern,
                 List<String> options, String references) {
        static final Rules NONE = new Rules(null, null, null, null, null, List.of(), null);

        Rules {
            // 5 and 5.0 are the same bound; compareTo-equal bounds must not look like a change.
            min = min == null ? null : min.stripTrailingZeros();
            max = max == null ? null : max.stripTrailingZeros();
            options = List.copyOf(options);
        }

        /** The rules that apply to the field's type (the loader rejects the others; they are ignored if present). */
        static Rules of(Field field) {
            var type = field.type();
            var text = type instanceof FieldType.Text || type instanceof FieldType.Select;
            var number = type instanceof FieldType.Integer || type instanceof FieldType.Decimal;
            List<String> options = type instanceof FieldType.Select s ? s.options() : List.of();
            String references = type instanceof FieldType.ForeignKey fk ? fk.references() : null;
            return new Rules(text ? field.maxLength() : null, text ? field.minLength() : null,
                    number ? field.min() : null, number ? field.max() : null, text ? field.pattern() : null,
                    options, references);
        }
    }

    /** The join table of a many_to_many field: (source_id, target_id) pairs, kept when the field is removed. */
    record JoinTable(String field, String table, String references, boolean hidden) {
        JoinTable hide() {
            return new JoinTable(field, table, references, true);
        }
    }
}
