package io.dbbasic.crud.ui;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a record is named where another one points at it (a foreign key cell, a picker option): by its label
 * field, else {@code #id}. The label field is the first text column the list shows, else a field named like a
 * name, else the first string field.
 */
public final class Labels {
    private static final List<String> NAME_LIKE = List.of("name", "title", "display_name", "label", "username", "email");

    private final UiRecords records;

    public Labels(UiRecords records) {
        this.records = records;
    }

    public static Optional<Field> labelField(Resource resource) {
        var text = resource.fields().stream().filter(f -> f.type() instanceof FieldType.Text).toList();
        for (var name : resource.interfaceOptions().listDisplay()) {
            var shown = text.stream().filter(f -> f.name().equals(name)).findFirst();
            if (shown.isPresent()) {
                return shown;
            }
        }
        for (var name : NAME_LIKE) {
            var named = text.stream().filter(f -> f.name().equals(name)).findFirst();
            if (named.isPresent()) {
                return named;
            }
        }
        return text.stream().filter(f -> ((FieldType.Text) f.type()).kind() == FieldType.TextKind.STRING).findFirst();
    }

    /** The record's label: its label field's text, or {@code #id} when that is empty. */
    public static String of(Resource resource, Map<String, Object> record) {
        var id = record.get(resource.primaryKey().name());
        return labelField(resource).map(f -> record.get(f.name())).map(Object::toString).filter(s -> !s.isBlank())
                .orElse("#" + id);
    }

    /** The labels of the records of {@code target} with these ids that {@code caller} may read; the others are left out. */
    public Map<Long, String> of(String target, Collection<Long> ids, Caller caller) {
        var resource = records.model().resource(target);
        var labels = new HashMap<Long, String>();
        if (resource.isEmpty() || ids.isEmpty()) {
            return labels;
        }
        var key = resource.get().primaryKey().name();
        var wanted = ids.stream().distinct().limit(1000).map(String::valueOf).collect(Collectors.joining(","));
        var page = records.list(resource.get(), Map.of(key + "[in]", List.of(wanted), "limit", List.of("1000")), caller);
        for (var record : page.records()) {
            labels.put(((Number) record.get(key)).longValue(), of(resource.get(), record));
        }
        return labels;
    }

    /** For each relation field among {@code fields}: the labels of the records {@code records} point at. */
    public Map<String, Map<Long, String>> linked(List<Field> fields, List<Map<String, Object>> records, Caller caller) {
        var byField = new HashMap<String, Map<Long, String>>();
        for (var field : fields) {
            var target = target(field);
            if (target == null) {
                continue;
            }
            var ids = records.stream().flatMap(r -> Cells.linkedIds(r.get(field.name())).stream()).collect(Collectors.toSet());
            byField.put(field.name(), of(target, ids, caller));
        }
        return byField;
    }

    /** The resource a relation field points at; null for other fields. */
    public static String target(Field field) {
        if (field.type() instanceof FieldType.ForeignKey fk) {
            return fk.references();
        }
        if (field.type() instanceof FieldType.ManyToMany m2m) {
            return m2m.references();
        }
        return null;
    }

    /** Up to {@code limit} records of {@code target} as picker choices (id → label), in its list order. */
    public Map<Long, String> choices(String target, int limit, Caller caller) {
        var resource = records.model().resource(target);
        var choices = new java.util.LinkedHashMap<Long, String>();
        if (resource.isEmpty()) {
            return choices;
        }
        var key = resource.get().primaryKey().name();
        var params = new HashMap<String, List<String>>();
        params.put("limit", List.of(Integer.toString(limit)));
        labelField(resource.get()).ifPresent(f -> params.put("sort", List.of(f.name())));
        for (var record : records.list(resource.get(), params, caller).records()) {
            choices.put(((Number) record.get(key)).longValue(), of(resource.get(), record));
        }
        return choices;
    }
}
