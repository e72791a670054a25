package io.dbbasic.common.model;

import java.util.List;

/**
 * The type of a field (CONTRACT §3 "Field types"). Each alternative carries the options only it has,
 * so a select without options or a foreign key without a target cannot be built.
 */
public sealed interface FieldType
        permits FieldType.PrimaryKey, FieldType.Text, FieldType.Select, FieldType.Integer, FieldType.Decimal,
                FieldType.Bool, FieldType.Date, FieldType.Timestamp, FieldType.Json, FieldType.ForeignKey,
                FieldType.ManyToMany, FieldType.File {

    /** The type's name as written in YAML. */
    String yamlName();

    /** Whether the field is a column of the resource's own table ({@code many_to_many} lives in a join table). */
    default boolean hasColumn() {
        return true;
    }

    /** The names a YAML {@code type:} may take. */
    List<String> NAMES = List.of("primary_key", "string", "text", "email", "url", "select", "integer", "decimal",
            "boolean", "date", "timestamp", "json", "foreign_key", "many_to_many", "file");

    record PrimaryKey() implements FieldType {
        @Override public String yamlName() { return "primary_key"; }
    }

    /** {@code string}, {@code text}, {@code email} and {@code url}: text that differs only in checks and widgets. */
    record Text(TextKind kind) implements FieldType {
        @Override public String yamlName() { return kind.yamlName(); }
    }

    enum TextKind {
        STRING("string"), TEXT("text"), EMAIL("email"), URL("url");

        private final String yamlName;

        TextKind(String yamlName) { this.yamlName = yamlName; }

        public String yamlName() { return yamlName; }
    }

    record Select(List<String> options) implements FieldType {
        public Select {
            if (options.isEmpty()) {
                throw new IllegalArgumentException("a select needs options");
            }
            options = List.copyOf(options);
        }

        @Override public String yamlName() { return "select"; }
    }

    record Integer() implements FieldType {
        @Override public String yamlName() { return "integer"; }
    }

    record Decimal(int precision, int scale) implements FieldType {
        public static final int DEFAULT_PRECISION = 18;
        public static final int DEFAULT_SCALE = 2;

        public Decimal {
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("decimal needs 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision");
            }
        }

        @Override public String yamlName() { return "decimal"; }
    }

    record Bool() implements FieldType {
        @Override public String yamlName() { return "boolean"; }
    }

    record Date() implements FieldType {
        @Override public String yamlName() { return "date"; }
    }

    record Timestamp() implements FieldType {
        @Override public String yamlName() { return "timestamp"; }
    }

    record Json() implements FieldType {
        @Override public String yamlName() { return "json"; }
    }

    record ForeignKey(String references, OnDelete onDelete) implements FieldType {
        @Override public String yamlName() { return "foreign_key"; }
    }

    record ManyToMany(String references) implements FieldType {
        @Override public String yamlName() { return "many_to_many"; }

        @Override public boolean hasColumn() { return false; }
    }

    /** An uploaded file; {@code accept} holds MIME types or extensions ({@code image/*}, {@code .pdf}), empty for any. */
    record File(List<String> accept, long maxSizeBytes) implements FieldType {
        public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;

        public File {
            accept = List.copyOf(accept);
            if (maxSizeBytes <= 0) {
                throw new IllegalArgumentException("max_size must be positive");
            }
        }

        @Override public String yamlName() { return "file"; }
    }

    enum OnDelete {
        RESTRICT, CASCADE, SET_NULL;

        public String yamlName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
