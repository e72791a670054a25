package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A write request's body, turned into typed values and checked against each field's own rules.
 * Only declared fields may be written (an unknown key is an error that names it); server-managed
 * fields in a body are ignored (CONTRACT §4 "Writes").
 */
final class WriteInput {
    enum Mode {
        /** POST: every field; missing ones take their default. */
        CREATE,
        /** PUT: the whole record is replaced; missing fields take their default or become empty (files stay). */
        REPLACE,
        /** PATCH: only the fields present change. */
        MERGE
    }

    /** Where the values come from, which decides what is checked and what is taken. */
    enum Source {
        /** A client's body, checked in full; read-only fields in it are ignored. */
        REQUEST,
        /** A client's body on its way to the before-hooks: only declared fields of the right types. */
        REQUEST_BEFORE_HOOKS,
        /** What the before-hooks returned, checked in full; a hook may set read-only fields. */
        HOOKS
    }

    private final FieldCodec codec;
    private final Rules rules;

    WriteInput(FieldCodec codec, Rules rules) {
        this.codec = codec;
        this.rules = rules;
    }

    /** The field values to write, or the per-field errors in {@code errors} (then the map is partial). */
    Map<String, Object> parse(Resource resource, JsonNode body, Mode mode, Map<String, String> errors) {
        return parse(resource, body, mode, errors, Set.of());
    }

    /** As above; the {@code supplied} fields get their values apart from the body (uploaded files) and are skipped. */
    Map<String, Object> parse(Resource resource, JsonNode body, Mode mode, Map<String, String> errors, Set<String> supplied) {
        return parse(resource, body, mode, errors, supplied, Source.REQUEST);
    }

    /**
     * As {@link #parseOrThrow(Resource, JsonNode, Mode, Set)} for values from {@code source}. Before the
     * hooks only the body's shape is checked (declared fields, right types): the fields' own rules
     * (required, lengths, options, patterns…) wait for the hooks' result, since a hook may fill or fix a value.
     */
    Map<String, Object> parseOrThrow(Resource resource, JsonNode body, Mode mode, Set<String> supplied, Source source) {
        var errors = new LinkedHashMap<String, String>();
        var values = parse(resource, body, mode, errors, supplied, source);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return values;
    }

    private Map<String, Object> parse(Resource resource, JsonNode body, Mode mode, Map<String, String> errors, Set<String> supplied,
                                      Source source) {
        var values = new LinkedHashMap<String, Object>();
        if (body == null || !body.isObject()) {
            errors.put("_body", "must be a JSON object of field values");
            return values;
        }
        body.fieldNames().forEachRemaining(name -> {
            if (resource.field(name).isEmpty()) {
                errors.put(name, "is not a field of " + resource.name() + " (the fields are "
                        + String.join(", ", resource.fields().stream().map(Field::name).toList()) + ")");
            }
        });
        for (var field : resource.fields()) {
            if (field.isPrimaryKey() || !field.auto().isEmpty() || supplied.contains(field.name())) {
                continue;
            }
            var readOnly = field.ui().readonly() && source != Source.HOOKS;
            if (readOnly && (mode != Mode.CREATE || !field.hasDefault())) {
                continue;
            }
            var present = body.has(field.name()) && !readOnly;
            // a file only changes through an upload or an explicit null, so a JSON PUT keeps it
            if (!present && (mode == Mode.MERGE || mode == Mode.REPLACE && field.type() instanceof FieldType.File)) {
                continue;
            }
            Object value;
            if (present) {
                try {
                    value = codec.fromJson(field, body.get(field.name()));
                } catch (FieldCodec.Invalid e) {
                    errors.put(field.name(), e.getMessage());
                    continue;
                }
            } else {
                value = field.hasDefault() ? defaultValue(field) : null;
            }
            var problem = source == Source.REQUEST_BEFORE_HOOKS ? null : rules.check(field, value);
            if (problem != null) {
                errors.put(field.name(), problem);
                continue;
            }
            values.put(field.name(), value);
        }
        return values;
    }

    /** As {@link #parse}, throwing the 422 when any field is invalid. */
    Map<String, Object> parseOrThrow(Resource resource, JsonNode body, Mode mode) {
        return parseOrThrow(resource, body, mode, Set.of());
    }

    Map<String, Object> parseOrThrow(Resource resource, JsonNode body, Mode mode, Set<String> supplied) {
        return parseOrThrow(resource, body, mode, supplied, Source.REQUEST);
    }

    private Object defaultValue(Field field) {
        return field.type() instanceof io.dbbasic.common.model.FieldType.Json ? codec.jsonTree(field.defaultValue()) : field.defaultValue();
    }
}
