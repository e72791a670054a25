package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts field values between their three shapes: JSON (requests and responses), typed Java values
 * (validation, hooks) and JDBC values (DuckDB parameters and results). The typed values are: Long
 * (primary_key, integer, foreign_key), String (text kinds, select), BigDecimal, Boolean, LocalDate,
 * Instant (millisecond precision, UTC), JsonNode (json), List&lt;Long&gt; (many_to_many),
 * {@link StoredFile} (file).
 */
final class FieldCodec {
    private static final int MAX_DECIMAL_DIGITS = 38;
    private final ObjectMapper json;

    FieldCodec(ObjectMapper json) {
        this.json = json;
    }

    /** A value from a request body (or a query filter) that does not fit its field; the message is per field. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The typed value of {@code node} for {@code field}; JSON null gives {@code null}. */
    Object fromJson(Field field, JsonNode node) throws Invalid {
        if (node == null || node.isNull()) {
            return null;
        }
        var type = field.type();
        if (type instanceof FieldType.Text || type instanceof FieldType.Select) {
            if (!node.isTextual()) {
                throw new Invalid("must be text");
            }
            return node.textValue();
        }
        if (type instanceof FieldType.Integer || type instanceof FieldType.ForeignKey || type instanceof FieldType.PrimaryKey) {
            return wholeNumber(node);
        }
        if (type instanceof FieldType.Decimal) {
            if (!node.isNumber()) {
                throw new Invalid("must be a number");
            }
            return decimal(node.decimalValue());
        }
        if (type instanceof FieldType.Bool) {
            if (!node.isBoolean()) {
                throw new Invalid("must be true or false");
            }
            return node.booleanValue();
        }
        if (type instanceof FieldType.Date) {
            return date(text(node, "must be a date like 2026-11-25"));
        }
        if (type instanceof FieldType.Timestamp) {
            return timestamp(text(node, "must be a timestamp like 2026-11-25T20:00:00Z"));
        }
        if (type instanceof FieldType.Json) {
            return node;
        }
        if (type instanceof FieldType.ManyToMany) {
            if (!node.isArray()) {
                throw new Invalid("must be an array of ids");
            }
            var ids = new ArrayList<Long>();
            for (var item : node) {
                var id = wholeNumber(item);
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            return List.copyOf(ids);
        }
        if (type instanceof FieldType.File) {
            throw new Invalid("is uploaded with multipart/form-data, not set in JSON (null clears it)");
        }
        throw new IllegalStateException("unhandled type " + type);
    }

    /** A plain JSON value (a json field's default from YAML) as a tree. */
    JsonNode jsonTree(Object plain) {
        return json.valueToTree(plain);
    }

    /** The typed value of a query-string value, for filters. */
    Object fromText(Field field, String text) throws Invalid {
        var type = field.type();
        if (type instanceof FieldType.Text || type instanceof FieldType.Select) {
            return text;
        }
        if (type instanceof FieldType.Integer || type instanceof FieldType.ForeignKey || type instanceof FieldType.PrimaryKey
                || type instanceof FieldType.ManyToMany) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new Invalid("`" + text + "` is not a whole number");
            }
        }
        if (type instanceof FieldType.Decimal) {
            try {
                return decimal(new BigDecimal(text.trim()));
            } catch (NumberFormatException e) {
                throw new Invalid("`" + text + "` is not a number");
            }
        }
        if (type instanceof FieldType.Bool) {
            if (text.equals("true") || text.equals("false")) {
                return Boolean.parseBoolean(text);
            }
            throw new Invalid("`" + text + "` is not true or false");
        }
        if (type instanceof FieldType.Date) {
            return date(text);
        }
        if (type instanceof FieldType.Timestamp) {
            return timestamp(text);
        }
        throw new Invalid("cannot be compared with a value");
    }

    /** The JDBC parameter for a typed value of a column field. */
    Object toJdbc(Field field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof JsonNode node) {
            return node.toString();
        }
        if (value instanceof StoredFile file) {
            return file.toJson(json);
        }
        return value;
    }

    /** The typed value of a column as read from DuckDB. */
    Object fromJdbc(Field field, Object value) {
        if (value == null) {
            return null;
        }
        var type = field.type();
        if (type instanceof FieldType.Timestamp && value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (type instanceof FieldType.Timestamp && value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        if (type instanceof FieldType.Json) {
            try {
                return json.readTree(value.toString());
            } catch (java.io.IOException e) {
                return json.getNodeFactory().textNode(value.toString());
            }
        }
        if (type instanceof FieldType.File) {
            return StoredFile.fromJson(json, value.toString());
        }
        return value;
    }

    private static Long wholeNumber(JsonNode node) throws Invalid {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            if (node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0) {
                try {
                    return node.decimalValue().longValueExact();
                } catch (ArithmeticException e) {
                    throw new Invalid("is too large");
                }
            }
            throw new Invalid(node.isNumber() ? "must be a whole number" : "must be a number");
        }
        return node.longValue();
    }

    /**
     * DuckDB takes decimals of at most 38 digits and no negative scale ({@code 1E+5}): the value is made
     * plain, and one that cannot fit any decimal column is refused here rather than by the database.
     */
    private static BigDecimal decimal(BigDecimal value) throws Invalid {
        var plain = value.scale() > MAX_DECIMAL_DIGITS ? value.setScale(MAX_DECIMAL_DIGITS, RoundingMode.HALF_EVEN) : value;
        if (plain.precision() - plain.scale() > MAX_DECIMAL_DIGITS) {
            throw new Invalid("is out of range");
        }
        plain = plain.scale() < 0 ? plain.setScale(0) : plain;
        if (plain.precision() > MAX_DECIMAL_DIGITS) {
            throw new Invalid("has more than " + MAX_DECIMAL_DIGITS + " digits");
        }
        return plain;
    }

    private static String text(JsonNode node, String message) throws Invalid {
        if (!node.isTextual()) {
            throw new Invalid(message);
        }
        return node.textValue();
    }

    private static LocalDate date(String text) throws Invalid {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new Invalid("must be a date like 2026-11-25");
        }
    }

    /** ISO-8601 with an offset; without one the time is taken as UTC. Stored to the millisecond. */
    static Instant timestamp(String text) throws Invalid {
        var value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
            } catch (DateTimeParseException again) {
                throw new Invalid("must be a timestamp like 2026-11-25T20:00:00Z");
            }
        }
    }
}
