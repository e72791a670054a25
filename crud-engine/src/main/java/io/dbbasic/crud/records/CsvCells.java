package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How a field value is written as one piece of text, and read back: CSV cells (export and import) and
 * the text parts of a multipart upload. The rules make "export, then import into an empty resource"
 * reproduce every value exactly:
 * <ul>
 *   <li>{@code null} is an empty, unquoted cell; an empty string is a quoted one ({@code ""});</li>
 *   <li>numbers in plain notation (a decimal keeps its scale: {@code 12.50}); booleans {@code true}/{@code false};</li>
 *   <li>dates {@code 2026-11-25}; timestamps ISO-8601 in UTC ({@code 2026-11-25T20:00:00Z});</li>
 *   <li>{@code json} as its compact JSON text; {@code many_to_many} as ids joined by commas ({@code 3,7});</li>
 *   <li>{@code file} as the JSON text of its public description (files are not carried by imports).</li>
 * </ul>
 * Reading turns a cell into the JSON value a request body would hold for the field, so the usual codec and
 * rules then check it like any other write.
 */
final class CsvCells {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ObjectMapper json;

    CsvCells(ObjectMapper json) {
        this.json = json;
    }

    /** The cell for a typed value ({@link FieldCodec}'s shapes); {@code null} for an empty cell. */
    String write(Resource resource, Object id, Field field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof JsonNode node) {
            return node.toString();
        }
        if (value instanceof List<?> ids) {
            return ids.isEmpty() ? null : String.join(",", ids.stream().map(String::valueOf).toList());
        }
        if (value instanceof StoredFile) {
            try {
                return json.writeValueAsString(RecordJson.publicValue(resource, id, field, value));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return value.toString();   // Long, Boolean, LocalDate: their toString is the wire form
    }

    /**
     * The JSON value for a cell, as a request body would carry it; {@code null} cell → JSON null.
     * Text fields keep the cell as it is; an empty cell elsewhere is null as well.
     */
    JsonNode read(Field field, String cell) throws FieldCodec.Invalid {
        var type = field.type();
        if (cell == null) {
            return type instanceof FieldType.ManyToMany ? NODES.arrayNode() : NODES.nullNode();
        }
        if (type instanceof FieldType.Text || type instanceof FieldType.Select) {
            return NODES.textNode(cell);
        }
        var text = cell.strip();
        if (text.isEmpty()) {
            return type instanceof FieldType.ManyToMany ? NODES.arrayNode() : NODES.nullNode();
        }
        if (type instanceof FieldType.Integer || type instanceof FieldType.ForeignKey || type instanceof FieldType.PrimaryKey) {
            return NODES.numberNode(whole(text));
        }
        if (type instanceof FieldType.Decimal) {
            try {
                return NODES.numberNode(new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw new FieldCodec.Invalid("`" + abbreviated(text) + "` is not a number");
            }
        }
        if (type instanceof FieldType.Bool) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> NODES.booleanNode(true);
                case "false", "0", "no" -> NODES.booleanNode(false);
                default -> throw new FieldCodec.Invalid("`" + abbreviated(text) + "` is not true or false");
            };
        }
        if (type instanceof FieldType.Json) {
            try {
                return json.readTree(text);
            } catch (IOException e) {
                throw new FieldCodec.Invalid("is not valid JSON");
            }
        }
        if (type instanceof FieldType.ManyToMany) {
            return ids(text);
        }
        if (type instanceof FieldType.File) {
            throw new FieldCodec.Invalid("is uploaded as a file, not as text (an empty value clears it)");
        }
        return NODES.textNode(text);   // date, timestamp: the codec parses and checks them
    }

    /** {@code 3,7} or {@code [3, 7]}. */
    private static JsonNode ids(String text) throws FieldCodec.Invalid {
        var inner = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        var array = NODES.arrayNode();
        for (var part : inner.split(",", -1)) {
            var id = part.strip();
            if (!id.isEmpty()) {
                array.add(whole(id));
            } else if (!inner.isBlank()) {
                throw new FieldCodec.Invalid("must be ids separated by commas, like 3,7");
            }
        }
        return array;
    }

    private static long whole(String text) throws FieldCodec.Invalid {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new FieldCodec.Invalid("`" + abbreviated(text) + "` is not a whole number");
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
