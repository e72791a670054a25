package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.object;
import static io.dbbasic.crud.openapi.Nodes.type;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The list parameters of CONTRACT §4 for one resource: a filter per field, {@code q}, {@code sort},
 * {@code limit}, {@code offset}, {@code fields}, {@code expand}. They are components named
 * {@code {resource}.{parameter}}, because the list, the exports, the aggregate and every custom
 * endpoint take the same ones.
 *
 * <p>A filter is a {@code deepObject} parameter, which is exactly the {@code ?price[gte]=10} grammar:
 * its properties are the operators that apply to the field's type.
 */
final class ListParameters {
    /** Names the list itself uses; a field so named is filtered only with an operator, so it gets no parameter here. */
    static final Set<String> RESERVED = Set.of("q", "sort", "limit", "offset", "fields", "expand");
    static final List<String> ALL_OPERATORS =
            List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startswith", "null");
    private final FieldSchemas fields;

    ListParameters(FieldSchemas fields) {
        this.fields = fields;
    }

    /**
     * The parameters that narrow the result: a filter per field, and {@code q}. {@code alsoReserved}
     * names the endpoint's own parameters (an OpenAPI operation cannot hold two of one name).
     */
    List<ObjectNode> filtering(Resource resource, Set<String> alsoReserved) {
        var refs = new ArrayList<ObjectNode>();
        for (var field : resource.fields()) {
            if (!RESERVED.contains(field.name()) && !alsoReserved.contains(field.name())) {
                refs.add(ref(resource, "filter." + field.name()));
            }
        }
        refs.add(ref(resource, "q"));
        return refs;
    }

    /** Every list parameter: filtering, {@code sort}, paging and shaping. */
    List<ObjectNode> all(Resource resource) {
        var refs = filtering(resource, Set.of());
        refs.add(ref(resource, "sort"));
        refs.add(ref(resource, "limit"));
        refs.add(ref(resource, "offset"));
        refs.addAll(shaping(resource));
        return refs;
    }

    /** {@code fields} and {@code expand}: what a single record's reply holds. */
    List<ObjectNode> shaping(Resource resource) {
        var refs = new ArrayList<ObjectNode>();
        refs.add(ref(resource, "fields"));
        if (resource.fields().stream().anyMatch(ResourceSchemas::expandable)) {
            refs.add(ref(resource, "expand"));
        }
        return refs;
    }

    /** Adds the resource's parameters to {@code parameters} ({@code components.parameters}). */
    void addTo(ObjectNode parameters, Resource resource) {
        for (var field : resource.fields()) {
            if (!RESERVED.contains(field.name())) {
                parameters.set(name(resource, "filter." + field.name()), filter(field));
            }
        }
        var searchable = resource.fields().stream().filter(Field::searchable).map(f -> "`" + f.name() + "`").toList();
        parameters.set(name(resource, "q"), query("q", type("string"), searchable.isEmpty()
                ? "Search words. No field of this resource is `searchable`, so nothing matches a search."
                : "Search words: a record matches when " + String.join(", ", searchable) + " contains them (ignoring case)."));
        parameters.set(name(resource, "sort"), csv("sort", sortKeys(resource),
                "Sort order: comma-separated fields, `-` for descending (`?sort=-created_at,title`). Left out: "
                        + (resource.interfaceOptions().ordering().isEmpty() ? "newest first (`-" + resource.primaryKey().name() + "`)"
                        : "`" + String.join(",", resource.interfaceOptions().ordering()) + "`") + "."));
        var limit = type("integer").put("minimum", 0).put("default", resource.interfaceOptions().perPage());
        parameters.set(name(resource, "limit"), query("limit", limit,
                "Page size. Values above 1000 are clamped to 1000; the reply's `limit` says so."));
        parameters.set(name(resource, "offset"), query("offset", type("integer").put("minimum", 0).put("default", 0),
                "How many matching records to skip."));
        parameters.set(name(resource, "fields"), csv("fields",
                resource.fields().stream().map(Field::name).toList(), "Only these fields in each record (`?fields=id,title`)."));
        var expandable = resource.fields().stream().filter(ResourceSchemas::expandable).map(Field::name).toList();
        if (!expandable.isEmpty()) {
            parameters.set(name(resource, "expand"), csv("expand", expandable,
                    "Include the referenced records under `_expand` (`?expand=" + expandable.get(0) + "`)."));
        }
    }

    /** The operators {@code ?field[op]=} accepts for this field's type, in the contract's order. */
    static List<String> operators(Field field) {
        var type = field.type();
        if (!FieldSchemas.isComparable(field)) {
            return List.of("null");
        }
        if (type instanceof FieldType.ManyToMany) {
            return List.of("eq", "in", "nin", "null");
        }
        if (type instanceof FieldType.Bool) {
            return List.of("eq", "ne", "null");
        }
        if (FieldSchemas.isText(field)) {
            return ALL_OPERATORS;
        }
        return ALL_OPERATORS.stream().filter(op -> !op.equals("contains") && !op.equals("startswith")).toList();
    }

    private ObjectNode filter(Field field) {
        var operators = operators(field);
        var schema = type("object");
        var properties = schema.putObject("properties");
        for (var op : operators) {
            if (op.equals("in") || op.equals("nin")) {
                properties.set(op, type("string").put("description", (op.equals("in") ? "one of" : "none of")
                        + " these comma-separated values"));
            } else if (op.equals("null")) {
                properties.set(op, type("boolean").put("description", "true: the field is empty; false: it is set"));
            } else if (op.equals("contains") || op.equals("startswith")) {
                properties.set(op, type("string").put("description",
                        op.equals("contains") ? "contains this text, ignoring case" : "starts with this text"));
            } else {
                properties.set(op, fields.comparable(field));
            }
        }
        schema.put("additionalProperties", false);
        // "no filter"; without a default Swagger UI pre-fills an object parameter with a sample of every operator
        schema.putObject("default");
        var example = operators.contains("eq") ? "`?" + field.name() + "=…` (equals) or " : "";
        var description = "Filter on `" + field.name() + "`: " + example + "`?" + field.name() + "[op]=…` with op one of "
                + operators.stream().map(op -> "`" + op + "`").collect(Collectors.joining(", ")) + ".";
        var parameter = object().put("name", field.name()).put("in", "query").put("description", description)
                .put("style", "deepObject").put("explode", true);
        parameter.set("schema", schema);
        return parameter;
    }

    private static List<String> sortKeys(Resource resource) {
        var keys = new ArrayList<String>();
        for (var field : resource.fields()) {
            if (field.hasColumn() && FieldSchemas.isComparable(field)) {
                keys.add(field.name());
                keys.add("-" + field.name());
            }
        }
        return keys;
    }

    /** A comma-separated list ({@code ?fields=id,title}): an array in {@code form} style, not exploded. */
    static ObjectNode csv(String name, List<String> values, String description) {
        var items = type("string");
        items.set("enum", Nodes.strings(values));
        var schema = type("array").put("uniqueItems", true);
        schema.set("items", items);
        return query(name, schema, description).put("style", "form").put("explode", false);
    }

    private static ObjectNode query(String name, ObjectNode schema, String description) {
        var parameter = object().put("name", name).put("in", "query").put("description", description);
        parameter.set("schema", schema);
        return parameter;
    }

    static String name(Resource resource, String parameter) {
        return resource.name() + "." + parameter;
    }

    private static ObjectNode ref(Resource resource, String parameter) {
        return Components.parameterRef(name(resource, parameter));
    }

    /** Parameters as a JSON array, for an operation. */
    static ArrayNode array(List<ObjectNode> parameters) {
        var array = Nodes.array();
        parameters.forEach(array::add);
        return array;
    }
}
