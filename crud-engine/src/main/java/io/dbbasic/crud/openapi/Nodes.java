package io.dbbasic.crud.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collection;

/** Short builders for the Jackson tree the document is made of; the factory is immutable and shared. */
final class Nodes {
    static final JsonNodeFactory FACTORY = JsonNodeFactory.instance;

    private Nodes() {}

    static ObjectNode object() {
        return FACTORY.objectNode();
    }

    static ArrayNode array() {
        return FACTORY.arrayNode();
    }

    static ArrayNode strings(Collection<String> values) {
        var array = array();
        values.forEach(array::add);
        return array;
    }

    static ArrayNode strings(String... values) {
        var array = array();
        for (var value : values) {
            array.add(value);
        }
        return array;
    }

    /** A number as JSON: whole numbers as integers (so {@code minimum: 1}, not {@code 1.0}). */
    static JsonNode number(BigDecimal value) {
        var stripped = value.stripTrailingZeros();
        return stripped.scale() <= 0 ? FACTORY.numberNode(stripped.toBigIntegerExact()) : FACTORY.numberNode(stripped);
    }

    static ObjectNode ref(String schema) {
        return object().put("$ref", "#/components/schemas/" + schema);
    }

    static ObjectNode responseRef(String response) {
        return object().put("$ref", "#/components/responses/" + response);
    }

    static ObjectNode type(String type) {
        return object().put("type", type);
    }

    static ObjectNode int64() {
        return type("integer").put("format", "int64");
    }

    static ObjectNode string(String description) {
        return type("string").put("description", description);
    }

    static ObjectNode arrayOf(JsonNode items) {
        var array = type("array");
        array.set("items", items);
        return array;
    }

    /** An object schema from name/schema pairs, all of them required. */
    static ObjectNode objectOf(Object... namesAndSchemas) {
        var schema = type("object");
        var properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (var i = 0; i < namesAndSchemas.length; i += 2) {
            var name = (String) namesAndSchemas[i];
            properties.set(name, (JsonNode) namesAndSchemas[i + 1]);
            required.add(name);
        }
        return schema;
    }

    /** A JSON body: {@code {"content": {"application/json": {"schema": …}}}} plus a description. */
    static ObjectNode content(String mediaType, JsonNode schema) {
        var content = object();
        content.putObject(mediaType).set("schema", schema);
        return content;
    }

    static ObjectNode jsonResponse(String description, JsonNode schema) {
        var response = object().put("description", description);
        response.set("content", content("application/json", schema));
        return response;
    }

    static ObjectNode jsonBody(String description, JsonNode schema) {
        var body = object().put("description", description).put("required", true);
        body.set("content", content("application/json", schema));
        return body;
    }
}
