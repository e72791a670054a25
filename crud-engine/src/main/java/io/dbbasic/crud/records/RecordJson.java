package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A record's public JSON form (CONTRACT §4 "Records in JSON"): files become
 * {@code {"name","url","size","content_type"}}, everything else is already JSON-ready. Also the ETag
 * of a record and the field-by-field difference between two versions.
 */
final class RecordJson {
    private final ObjectMapper json;

    RecordJson(ObjectMapper json) {
        this.json = json;
    }

    Map<String, Object> toPublic(Resource resource, Map<String, Object> record) {
        var out = new LinkedHashMap<String, Object>();
        var id = record.get(resource.primaryKey().name());
        for (var field : resource.fields()) {
            out.put(field.name(), publicValue(resource, id, field, record.get(field.name())));
        }
        return out;
    }

    /** One field's value in public form: a stored file becomes its description with a download URL. */
    static Object publicValue(Resource resource, Object id, Field field, Object value) {
        if (!(value instanceof StoredFile file)) {
            return value;
        }
        var described = new LinkedHashMap<String, Object>();
        described.put("name", file.name());
        described.put("url", resource.basePath() + "/" + id + "/files/" + field.name());
        described.put("size", file.size());
        described.put("content_type", file.contentType());
        return described;
    }

    /** A strong ETag over the record's JSON form: any change to any field changes it. */
    String etag(Map<String, Object> publicRecord) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(publicRecord).getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code field → [old, new]} for every field whose value differs, in field order. */
    static Map<String, List<Object>> diff(Resource resource, Map<String, Object> before, Map<String, Object> after) {
        var changes = new LinkedHashMap<String, List<Object>>();
        for (var field : resource.fields()) {
            var old = before == null ? null : before.get(field.name());
            var now = after == null ? null : after.get(field.name());
            if (!same(old, now)) {
                var pair = new ArrayList<>(2);
                pair.add(old);
                pair.add(now);
                changes.put(field.name(), pair);
            }
        }
        return changes;
    }

    static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    /** The value as DuckDB will hand it back, so a record built in memory equals one read from the file. */
    static Object normalize(Field field, Object value) {
        if (value instanceof BigDecimal number && field.type() instanceof FieldType.Decimal decimal) {
            return number.setScale(decimal.scale(), java.math.RoundingMode.UNNECESSARY);
        }
        if (value instanceof List<?> ids && field.type() instanceof FieldType.ManyToMany) {
            return ids.stream().map(Long.class::cast).sorted().toList();
        }
        if (value instanceof JsonNode node) {
            return node.deepCopy();
        }
        return value;
    }
}
