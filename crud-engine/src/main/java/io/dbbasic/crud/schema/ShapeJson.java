package io.dbbasic.crud.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.crud.schema.TableShape.Column;
import io.dbbasic.crud.schema.TableShape.JoinTable;
import io.dbbasic.crud.schema.TableShape.Rules;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;

/**
 * The stored form of a {@link TableShape}: explicit JSON (not reflection), so the history written by one
 * version of DBBasic stays readable by the next. Defaults are kept as text and read back as their
 * column's type, so a stored default reaches DDL only as a typed value again.
 */
final class ShapeJson {
    static final int FORMAT = 1;

    private final ObjectMapper mapper = Json.newMapper();

    String write(TableShape shape) {
        var root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("table", shape.table());
        var columns = root.putArray("columns");
        for (var c : shape.columns()) {
            var node = columns.addObject();
            node.put("name", c.name());
            node.put("type", c.fieldType());
            node.put("sql_type", c.sqlType().ddl());
            flag(node, "primary_key", c.primaryKey());
            flag(node, "not_null", c.notNull());
            flag(node, "unique", c.unique());
            flag(node, "index", c.indexed());
            flag(node, "hidden", c.hidden());
            if (c.defaultValue() != null) {
                node.put("default", c.sqlType().formatValue(c.defaultValue()));
            }
            var r = c.rules();
            if (r.maxLength() != null) node.put("max_length", r.maxLength());
            if (r.minLength() != null) node.put("min_length", r.minLength());
            if (r.min() != null) node.put("min", r.min().toPlainString());
            if (r.max() != null) node.put("max", r.max().toPlainString());
            if (r.pattern() != null) node.put("pattern", r.pattern());
            if (!r.options().isEmpty()) {
                var options = node.putArray("options");
                r.options().forEach(options::add);
            }
            if (r.references() != null) node.put("references", r.references());
        }
        var joins = root.putArray("join_tables");
        for (var j : shape.joinTables()) {
            var node = joins.addObject();
            node.put("field", j.field());
            node.put("table", j.table());
            node.put("references", j.references());
            flag(node, "hidden", j.hidden());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    TableShape read(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable schema history entry: " + e.getOriginalMessage(), e);
        }
        if (root.path("format").asInt() != FORMAT) {
            throw new IllegalStateException("schema history entry has format " + root.path("format") + ", expected " + FORMAT);
        }
        var columns = new ArrayList<Column>();
        for (var node : root.path("columns")) {
            var sqlType = SqlType.parse(node.path("sql_type").asText());
            var options = new ArrayList<String>();
            node.path("options").forEach(o -> options.add(o.asText()));
            var rules = new Rules(integer(node, "max_length"), integer(node, "min_length"), decimal(node, "min"),
                    decimal(node, "max"), text(node, "pattern"), options, text(node, "references"));
            var defaultText = text(node, "default");
            columns.add(new Column(node.path("name").asText(), node.path("type").asText(), sqlType,
                    node.path("primary_key").asBoolean(), node.path("not_null").asBoolean(),
                    node.path("unique").asBoolean(), node.path("index").asBoolean(),
                    defaultText == null ? null : sqlType.parseValue(defaultText), rules, node.path("hidden").asBoolean()));
        }
        var joins = new ArrayList<JoinTable>();
        for (var node : root.path("join_tables")) {
            joins.add(new JoinTable(node.path("field").asText(), node.path("table").asText(),
                    node.path("references").asText(), node.path("hidden").asBoolean()));
        }
        return new TableShape(root.path("table").asText(), columns, joins);
    }

    /** SHA-256 of the canonical form: equal shapes (whatever their column order) hash alike. */
    String hash(TableShape shape) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(write(shape.canonical()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void flag(ObjectNode node, String name, boolean value) {
        if (value) {
            node.put(name, true);
        }
    }

    private static String text(JsonNode node, String name) {
        var value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String name) {
        var value = node.get(name);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static BigDecimal decimal(JsonNode node, String name) {
        var value = text(node, name);
        return value == null ? null : new BigDecimal(value);
    }
}
