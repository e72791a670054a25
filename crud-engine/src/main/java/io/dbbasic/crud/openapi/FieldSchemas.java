package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.int64;
import static io.dbbasic.crud.openapi.Nodes.number;
import static io.dbbasic.crud.openapi.Nodes.object;
import static io.dbbasic.crud.openapi.Nodes.objectOf;
import static io.dbbasic.crud.openapi.Nodes.string;
import static io.dbbasic.crud.openapi.Nodes.type;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import java.math.BigDecimal;
import java.util.ArrayList;

/**
 * The JSON Schema (OpenAPI 3.1 dialect) of one field's value, in each form it takes on the wire: in a
 * record the server returns, in a JSON write, in a multipart upload, and as a filter value.
 * The shapes follow CONTRACT §4 "Records in JSON"; the limits mirror what the write path checks.
 */
final class FieldSchemas {
    private final ObjectMapper json;

    /** {@code json} writes defaults the way records are written (ISO-8601 dates, numbers as numbers). */
    FieldSchemas(ObjectMapper json) {
        this.json = json;
    }

    /** The value in a record the server returns; server-managed values are read-only. */
    ObjectNode inRecord(Field field) {
        var schema = field.type() instanceof FieldType.File ? storedFile() : value(field);
        if (mayBeNull(field)) {
            allowNull(schema);
        }
        describe(field, schema);
        if (field.serverManaged()) {
            schema.put("readOnly", true);
        }
        return schema;
    }

    /** The value in a JSON body (POST, PUT, PATCH, bulk, JSON import). */
    ObjectNode inJsonWrite(Field field) {
        if (field.type() instanceof FieldType.File) {
            // the bytes come with multipart/form-data; in JSON a file can only be cleared
            var schema = type("null");
            describe(field, schema);
            schema.put("description", join(schema.path("description").asText(""),
                    "Upload the file with multipart/form-data (POST or PUT); in JSON only null, which removes it."));
            return schema;
        }
        var schema = value(field);
        if (!field.required()) {
            allowNull(schema);
        }
        describe(field, schema);
        return schema;
    }

    /** The value as a part of a multipart/form-data upload; files are the raw bytes. */
    ObjectNode inMultipart(Field field) {
        if (field.type() instanceof FieldType.File file) {
            var schema = type("string").put("format", "binary");
            describe(field, schema);
            schema.put("description", join(schema.path("description").asText(""), fileLimits(file)));
            return schema;
        }
        return inJsonWrite(field);
    }

    /** One value to compare with in a list filter ({@code ?price[gte]=10}); never null. */
    ObjectNode comparable(Field field) {
        var type = field.type();
        if (type instanceof FieldType.ManyToMany) {
            return int64();
        }
        var schema = value(field);
        // bounds and patterns restrict what may be stored, not what may be compared with
        for (var key : new String[] {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                "maxLength", "minLength", "pattern"}) {
            schema.remove(key);
        }
        return schema;
    }

    /** Whether {@code ?field[contains]=} and {@code [startswith]} apply (text and select fields). */
    static boolean isText(Field field) {
        return field.type() instanceof FieldType.Text || field.type() instanceof FieldType.Select;
    }

    /** Whether the field can be compared with a value at all (json and file fields only take {@code [null]}). */
    static boolean isComparable(Field field) {
        return !(field.type() instanceof FieldType.Json) && !(field.type() instanceof FieldType.File);
    }

    /** Whether a record may hold null here: not when it is required, or the server always fills it. */
    private static boolean mayBeNull(Field field) {
        if (field.required() || field.isPrimaryKey() || field.type() instanceof FieldType.ManyToMany) {
            return false;   // a many_to_many field is a list of links, empty when there are none
        }
        var type = field.type();
        var alwaysSet = field.auto().contains(Auto.NOW_ADD) || field.auto().contains(Auto.NOW);
        return !(alwaysSet && (type instanceof FieldType.Timestamp || type instanceof FieldType.Date));
    }

    /** The non-null value of the field as JSON, with the limits the write path checks. */
    private ObjectNode value(Field field) {
        var type = field.type();
        if (type instanceof FieldType.PrimaryKey) {
            return int64().put("minimum", 1);
        }
        if (type instanceof FieldType.Text text) {
            var schema = type("string");
            if (text.kind() == FieldType.TextKind.EMAIL) {
                schema.put("format", "email");
            } else if (text.kind() == FieldType.TextKind.URL) {
                schema.put("format", "uri");
            }
            lengths(field, schema);
            return schema;
        }
        if (type instanceof FieldType.Select select) {
            var schema = type("string");
            schema.set("enum", Nodes.strings(select.options()));
            return schema;
        }
        if (type instanceof FieldType.Integer) {
            var schema = int64();
            if (field.min() != null) {
                schema.set("minimum", number(field.min()));
            }
            if (field.max() != null) {
                schema.set("maximum", number(field.max()));
            }
            return schema;
        }
        if (type instanceof FieldType.Decimal decimal) {
            return decimal(field, decimal);
        }
        if (type instanceof FieldType.Bool) {
            return type("boolean");
        }
        if (type instanceof FieldType.Date) {
            return type("string").put("format", "date");
        }
        if (type instanceof FieldType.Timestamp) {
            return type("string").put("format", "date-time");
        }
        if (type instanceof FieldType.Json) {
            return object();   // any JSON value: the empty schema
        }
        if (type instanceof FieldType.ForeignKey) {
            return int64();
        }
        if (type instanceof FieldType.ManyToMany) {
            return Nodes.arrayOf(int64());
        }
        if (type instanceof FieldType.File) {
            return storedFile();
        }
        throw new IllegalStateException("no schema for " + type);
    }

    /**
     * A decimal is a JSON number with at most {@code scale} decimal places (so {@code multipleOf}) and at
     * most {@code precision - scale} digits before the point (so an exclusive bound), or the YAML's
     * {@code min}/{@code max} where they are tighter.
     */
    private static ObjectNode decimal(Field field, FieldType.Decimal decimal) {
        var schema = type("number");
        schema.set("multipleOf", number(BigDecimal.ONE.movePointLeft(decimal.scale())));
        var limit = BigDecimal.ONE.movePointRight(decimal.precision() - decimal.scale());
        if (field.min() != null && field.min().compareTo(limit.negate()) > 0) {
            schema.set("minimum", number(field.min()));
        } else {
            schema.set("exclusiveMinimum", number(limit.negate()));
        }
        if (field.max() != null && field.max().compareTo(limit) < 0) {
            schema.set("maximum", number(field.max()));
        } else {
            schema.set("exclusiveMaximum", number(limit));
        }
        return schema;
    }

    private static void lengths(Field field, ObjectNode schema) {
        if (field.maxLength() != null) {
            schema.put("maxLength", field.maxLength());
        }
        if (field.minLength() != null) {
            schema.put("minLength", field.minLength());
        }
        if (field.pattern() != null) {
            schema.put("pattern", anchored(field.pattern()));
        }
    }

    /** The server matches a pattern against the whole value; JSON Schema searches, so anchor it. */
    static String anchored(String pattern) {
        return pattern.startsWith("^") && pattern.endsWith("$") ? pattern : "^(?:" + pattern + ")$";
    }

    /** A stored file as records show it (CONTRACT §4): where to download it, and what it is. */
    static ObjectNode storedFile() {
        return objectOf(
                "name", string("the file name as uploaded"),
                "url", string("where to download it: {base}/{id}/files/{field}").put("format", "uri-reference"),
                "size", int64().put("minimum", 0).put("description", "bytes"),
                "content_type", string("its media type"));
    }

    /** JSON Schema 2020-12 nullability: {@code null} joins the type (and the enum, which would exclude it). */
    private static void allowNull(ObjectNode schema) {
        var type = schema.get("type");
        if (type == null) {
            return;   // no type: any value, null included
        }
        var types = Nodes.array();
        types.add(type.asText()).add("null");
        schema.set("type", types);
        if (schema.get("enum") instanceof ArrayNode values) {
            values.addNull();
        }
    }

    private void describe(Field field, ObjectNode schema) {
        var ui = field.ui();
        if (ui.label() != null) {
            schema.put("title", ui.label());
        }
        var notes = new ArrayList<String>();
        if (ui.description() != null) {
            notes.add(ui.description());
        } else if (ui.helpText() != null) {
            notes.add(ui.helpText());
        }
        var type = field.type();
        if (type instanceof FieldType.ForeignKey fk) {
            notes.add("The id of a `" + fk.references() + "` record (`?expand=" + field.name() + "` includes it).");
        } else if (type instanceof FieldType.ManyToMany m2m) {
            notes.add("The ids of linked `" + m2m.references() + "` records.");
        } else if (type instanceof FieldType.Json) {
            notes.add("Any JSON value.");
        }
        if (field.auto().contains(Auto.NOW_ADD)) {
            notes.add("Set by the server when the record is created.");
        } else if (field.auto().contains(Auto.NOW)) {
            notes.add("Set by the server on every write.");
        } else if (field.auto().contains(Auto.USER_ADD)) {
            notes.add("Set by the server to the account that created the record (its owner).");
        } else if (field.auto().contains(Auto.USER)) {
            notes.add("Set by the server to the account of the last write.");
        } else if (ui.defaultCurrentUser()) {
            notes.add("Left out on create, it is the caller's account (its owner).");
        } else if (field.ui().readonly() && !field.isPrimaryKey()) {
            notes.add("Read-only: ignored in request bodies.");
        }
        if (!notes.isEmpty()) {
            schema.put("description", String.join(" ", notes));
        }
        if (field.hasDefault()) {
            schema.set("default", defaultValue(field));
        }
    }

    private JsonNode defaultValue(Field field) {
        return json.valueToTree(field.defaultValue());
    }

    private static String fileLimits(FieldType.File file) {
        var limits = "At most " + file.maxSizeBytes() + " bytes";
        return file.accept().isEmpty() ? limits + "." : limits + "; accepted: " + String.join(", ", file.accept()) + ".";
    }

    private static String join(String first, String second) {
        return first.isEmpty() ? second : first + " " + second;
    }
}
