package io.dbbasic.crud.records;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses list parameters against the model; anything unknown is a 400 that lists what is allowed. */
final class QueryParser {
    static final Set<String> RESERVED = Set.of("q", "sort", "limit", "offset", "fields", "expand");
    private static final Pattern FILTER = Pattern.compile("([a-z][a-z0-9_]*)(?:\\[([a-z]+)\\])?");
    private final FieldCodec codec;

    QueryParser(FieldCodec codec) {
        this.codec = codec;
    }

    ListQuery parse(Resource resource, Map<String, List<String>> params, Set<String> ignored) {
        var filters = new ArrayList<ListQuery.Filter>();
        for (var entry : params.entrySet()) {
            var key = entry.getKey();
            if (RESERVED.contains(key) || ignored.contains(key)) {
                continue;
            }
            for (var value : entry.getValue()) {
                filters.add(filter(resource, key, value));
            }
        }
        var limit = number(params, "limit", resource.interfaceOptions().perPage());
        if (limit < 0) {
            throw new BadRequest("limit must be 0 or more");
        }
        var offset = number(params, "offset", 0);
        if (offset < 0) {
            throw new BadRequest("offset must be 0 or more");
        }
        var search = first(params, "q");
        return new ListQuery(filters, search == null || search.isEmpty() ? null : search, sort(resource, first(params, "sort")),
                Math.min(limit, ListQuery.MAX_LIMIT), offset, names(resource, first(params, "fields"), "fields", f -> true),
                names(resource, first(params, "expand"), "expand", QueryParser::expandable));
    }

    ListQuery.Filter filter(Resource resource, String key, String value) {
        var matcher = FILTER.matcher(key);
        var field = matcher.matches() ? resource.field(matcher.group(1)).orElse(null) : null;
        if (field == null) {
            throw new BadRequest("`" + key + "` is not a field of " + resource.name() + "; you can filter on " + fieldList(resource)
                    + " and use " + String.join(", ", RESERVED.stream().sorted().toList()));
        }
        var operator = operator(matcher.group(2));
        try {
            return new ListQuery.Filter(field.name(), operator, value(field, operator, value));
        } catch (FieldCodec.Invalid e) {
            throw new BadRequest("filter " + key + ": " + e.getMessage());
        }
    }

    private Object value(Field field, ListQuery.Operator operator, String value) throws FieldCodec.Invalid {
        var type = field.type();
        if (operator == ListQuery.Operator.NULL) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new FieldCodec.Invalid("[null] takes true or false");
            }
            return Boolean.parseBoolean(value);
        }
        if (type instanceof FieldType.Json || type instanceof FieldType.File) {
            throw new FieldCodec.Invalid("a " + type.yamlName() + " field can only be filtered with [null]");
        }
        if (operator == ListQuery.Operator.CONTAINS || operator == ListQuery.Operator.STARTSWITH) {
            if (!(type instanceof FieldType.Text || type instanceof FieldType.Select)) {
                throw new FieldCodec.Invalid("[" + operator.queryName() + "] applies to text fields");
            }
            return value;
        }
        if (operator == ListQuery.Operator.IN || operator == ListQuery.Operator.NIN) {
            var values = new ArrayList<Object>();
            for (var item : value.split(",", -1)) {
                values.add(codec.fromText(field, item));
            }
            return values;
        }
        if (type instanceof FieldType.ManyToMany && operator != ListQuery.Operator.EQ) {
            throw new FieldCodec.Invalid("a many_to_many field takes a linked id, [in] or [null]");
        }
        return codec.fromText(field, value);
    }

    private static ListQuery.Operator operator(String name) {
        if (name == null) {
            return ListQuery.Operator.EQ;
        }
        return Arrays.stream(ListQuery.Operator.values()).filter(o -> o.queryName().equals(name)).findFirst()
                .orElseThrow(() -> new BadRequest("unknown operator [" + name + "]; the operators are "
                        + String.join(", ", Arrays.stream(ListQuery.Operator.values()).map(ListQuery.Operator::queryName).toList())));
    }

    List<ListQuery.Order> sort(Resource resource, String sort) {
        if (sort == null || sort.isBlank()) {
            return List.of();
        }
        var orders = new ArrayList<ListQuery.Order>();
        for (var part : sort.split(",")) {
            var name = part.trim();
            var descending = name.startsWith("-");
            name = descending || name.startsWith("+") ? name.substring(1) : name;
            var field = resource.field(name).filter(f -> f.hasColumn() && !(f.type() instanceof FieldType.Json)
                    && !(f.type() instanceof FieldType.File));
            if (field.isEmpty()) {
                throw new BadRequest("cannot sort by `" + part.trim() + "`; you can sort by " + sortable(resource) + " (prefix - for descending)");
            }
            orders.add(new ListQuery.Order(name, descending));
        }
        return orders;
    }

    private static List<String> names(Resource resource, String list, String what, java.util.function.Predicate<Field> allowed) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        var names = new ArrayList<String>();
        for (var part : list.split(",")) {
            var name = part.trim();
            var field = resource.field(name).filter(allowed);
            if (field.isEmpty()) {
                var options = resource.fields().stream().filter(allowed).map(Field::name).toList();
                throw new BadRequest("`" + name + "` cannot be used in " + what + "; allowed: "
                        + (options.isEmpty() ? "none (no relation fields)" : String.join(", ", options)));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean expandable(Field field) {
        return field.type() instanceof FieldType.ForeignKey || field.type() instanceof FieldType.ManyToMany;
    }

    private static int number(Map<String, List<String>> params, String name, int fallback) {
        var value = first(params, name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            if (value.trim().matches("\\d+")) {
                return Integer.MAX_VALUE;
            }
            throw new BadRequest(name + " must be a whole number, not `" + value + "`");
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        var values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String fieldList(Resource resource) {
        return String.join(", ", resource.fields().stream().map(Field::name).toList());
    }

    private static String sortable(Resource resource) {
        return String.join(", ", resource.fields().stream().filter(f -> f.hasColumn() && !(f.type() instanceof FieldType.Json)
                && !(f.type() instanceof FieldType.File)).map(Field::name).toList());
    }
}
