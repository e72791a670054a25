package io.dbbasic.crud.schema;

import io.dbbasic.common.model.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * A column's DuckDB type. Every field type maps onto one of six; the Java value of each (for defaults)
 * is fixed here, so a default can only be the kind of value its column holds.
 */
record SqlType(Kind kind, int precision, int scale) {
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

    static final SqlType BIGINT = new SqlType(Kind.BIGINT, 0, 0);
    static final SqlType VARCHAR = new SqlType(Kind.VARCHAR, 0, 0);
    static final SqlType BOOLEAN = new SqlType(Kind.BOOLEAN, 0, 0);
    static final SqlType DATE = new SqlType(Kind.DATE, 0, 0);
    /** Naive TIMESTAMP holding UTC: what the write path stores and the API prints with a Z. */
    static final SqlType TIMESTAMP = new SqlType(Kind.TIMESTAMP, 0, 0);

    enum Kind { BIGINT, VARCHAR, BOOLEAN, DATE, TIMESTAMP, DECIMAL }

    SqlType {
        if (kind == Kind.DECIMAL ? precision < 1 || precision > 38 || scale < 0 || scale > precision
                                 : precision != 0 || scale != 0) {
            throw new IllegalArgumentException("bad SQL type " + kind + "(" + precision + "," + scale + ")");
        }
    }

    static SqlType decimal(int precision, int scale) {
        return new SqlType(Kind.DECIMAL, precision, scale);
    }

    /** The column type of a field type (never called for many_to_many, which has no column). */
    static SqlType of(FieldType type) {
        if (type instanceof FieldType.PrimaryKey || type instanceof FieldType.Integer || type instanceof FieldType.ForeignKey) {
            return BIGINT;
        }
        if (type instanceof FieldType.Decimal d) {
            return decimal(d.precision(), d.scale());
        }
        if (type instanceof FieldType.Bool) {
            return BOOLEAN;
        }
        if (type instanceof FieldType.Date) {
            return DATE;
        }
        if (type instanceof FieldType.Timestamp) {
            return TIMESTAMP;
        }
        if (type instanceof FieldType.ManyToMany) {
            throw new IllegalArgumentException("many_to_many has no column");
        }
        // string, text, email, url, select; json as JSON text (no reliance on the json extension); file metadata as JSON text.
        return VARCHAR;
    }

    /** Parses what {@link #ddl()} printed (the stored shape keeps it). */
    static SqlType parse(String ddl) {
        var m = DECIMAL.matcher(ddl);
        if (m.matches()) {
            return decimal(java.lang.Integer.parseInt(m.group(1)), java.lang.Integer.parseInt(m.group(2)));
        }
        return new SqlType(Kind.valueOf(ddl), 0, 0);
    }

    String ddl() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
    }

    boolean isNumeric() {
        return kind == Kind.BIGINT || kind == Kind.DECIMAL;
    }

    boolean isText() {
        return kind == Kind.VARCHAR;
    }

    /** The Java class of this column's values, as {@link io.dbbasic.common.storage.Sql#literal} takes them. */
    Class<?> valueClass() {
        return switch (kind) {
            case BIGINT -> Long.class;
            case VARCHAR -> String.class;
            case BOOLEAN -> Boolean.class;
            case DATE -> LocalDate.class;
            case TIMESTAMP -> Instant.class;
            case DECIMAL -> BigDecimal.class;
        };
    }

    /** A value as text for the stored shape; {@link #parseValue} reverses it. */
    String formatValue(Object value) {
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    Object parseValue(String text) {
        return switch (kind) {
            case BIGINT -> Long.valueOf(text);
            case VARCHAR -> text;
            case BOOLEAN -> Boolean.valueOf(text);
            case DATE -> LocalDate.parse(text);
            case TIMESTAMP -> Instant.parse(text);
            case DECIMAL -> new BigDecimal(text);
        };
    }

    @Override
    public String toString() {
        return ddl();
    }
}
