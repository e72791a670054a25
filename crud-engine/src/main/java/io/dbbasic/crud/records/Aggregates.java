package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET {base}/aggregate?group_by=status&metrics=count,sum:total,avg:total}: one plain SQL
 * {@code GROUP BY} with the list filters as parameters, so DuckDB does the scan at full speed, and the
 * groups are written as they are read. Groups come ordered by their keys (nulls last).
 */
final class Aggregates {
    static final List<String> METRICS = List.of("count", "count:FIELD", "sum:FIELD", "avg:FIELD", "min:FIELD", "max:FIELD");
    private static final Predicate<Field> GROUPABLE = f -> f.hasColumn() && !(f.type() instanceof FieldType.Json) && !(f.type() instanceof FieldType.File);
    private static final Predicate<Field> NUMERIC = f -> f.type() instanceof FieldType.Integer || f.type() instanceof FieldType.Decimal;
    private static final Predicate<Field> ORDERED = f -> NUMERIC.test(f) || f.type() instanceof FieldType.Date
            || f.type() instanceof FieldType.Timestamp || f.type() instanceof FieldType.Text || f.type() instanceof FieldType.Select
            || f.type() instanceof FieldType.PrimaryKey || f.type() instanceof FieldType.ForeignKey;

    enum Kind {
        COUNT(GROUPABLE), SUM(NUMERIC), AVG(NUMERIC), MIN(ORDERED), MAX(ORDERED);

        final Predicate<Field> applies;

        Kind(Predicate<Field> applies) {
            this.applies = applies;
        }

        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One metric; {@code field} is null for {@code count} of rows. Its output key is {@code count} or {@code kind_field}. */
    record Metric(Kind kind, Field field) {
        String key() {
            return field == null ? "count" : kind.word() + "_" + field.name();
        }
    }

    record Plan(Resource resource, List<Field> groupBy, List<Metric> metrics, String sql, List<Object> params) {}

    private final Records records;
    private final ObjectMapper json;
    /** Writes one group without flushing: the servlet stream sends full buffers, not a packet per group. */
    private final com.fasterxml.jackson.databind.ObjectWriter groupWriter;
    Aggregates(Records records, ObjectMapper json) {
        this.records = records;
        this.json = json;
        this.groupWriter = json.writer().without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    Plan plan(Resource resource, Map<String, List<String>> params, Caller caller) {
        var filters = new LinkedHashMap<>(params);
        var groupBy = groupBy(resource, filters.remove("group_by"));
        var metrics = metrics(resource, filters.remove("metrics"));
        for (var name : List.of("sort", "limit", "offset", "fields", "expand")) {
            if (filters.remove(name) != null) {
                throw new BadRequest("`" + name + "` does not apply to aggregates; use group_by, metrics and the list filters");
            }
        }
        var keys = new LinkedHashSet<String>();
        groupBy.forEach(f -> keys.add(f.name()));
        for (var metric : metrics) {
            if (!keys.add(metric.key())) {
                throw new BadRequest("the output key `" + metric.key() + "` would appear twice; group by or measure it once");
            }
        }
        var query = records.parseQuery(resource, filters);
        var where = SqlWhere.of(resource, query, records.codec(), records.readFilter(resource, caller));
        var select = new ArrayList<String>();
        groupBy.forEach(f -> select.add(ident(f.name())));
        for (var metric : metrics) {
            var column = metric.field() == null ? "*" : ident(metric.field().name());
            switch (metric.kind()) {
                // avg is computed from an exact sum and count: DuckDB's avg() of a DECIMAL is a DOUBLE
                case AVG -> {
                    select.add("sum(" + column + ")");
                    select.add("count(" + column + ")");
                }
                default -> select.add(metric.kind().word() + "(" + column + ")");
            }
        }
        var sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ").append(ident(resource.name())).append(where.clause());
        if (!groupBy.isEmpty()) {
            var columns = groupBy.stream().map(f -> ident(f.name())).toList();
            sql.append(" GROUP BY ").append(String.join(", ", columns)).append(" ORDER BY ")
                    .append(String.join(", ", columns.stream().map(c -> c + " ASC NULLS LAST").toList()));
        }
        return new Plan(resource, groupBy, metrics, sql.toString(), List.copyOf(where.params));
    }

    /** Writes {@code {"groups":[…]}} to {@code out}, one group at a time. */
    void write(Plan plan, OutputStream out) {
        records.file(plan.resource()).withConnection(conn -> {
            try (var statement = conn.prepareStatement(plan.sql())) {
                for (var i = 0; i < plan.params().size(); i++) {
                    statement.setObject(i + 1, plan.params().get(i));
                }
                try (var rows = statement.executeQuery(); var gen = json.getFactory().createGenerator(out)) {
                    gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    gen.writeStartObject();
                    gen.writeArrayFieldStart("groups");
                    while (rows.next()) {
                        groupWriter.writeValue(gen, group(plan, rows));
                    }
                    gen.writeEndArray();
                    gen.writeEndObject();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the client stopped reading the aggregate", e);
            }
            return null;
        });
    }

    private Map<String, Object> group(Plan plan, ResultSet rows) throws SQLException {
        var group = new LinkedHashMap<String, Object>();
        var column = 1;
        for (var field : plan.groupBy()) {
            group.put(field.name(), records.codec().fromJdbc(field, rows.getObject(column++)));
        }
        for (var metric : plan.metrics()) {
            var raw = rows.getObject(column++);
            switch (metric.kind()) {
                case COUNT -> group.put(metric.key(), ((Number) raw).longValue());
                case SUM -> group.put(metric.key(), raw == null ? null : number(raw));
                case AVG -> {
                    var count = ((Number) rows.getObject(column++)).longValue();
                    group.put(metric.key(), raw == null || count == 0 ? null : average(metric.field(), number(raw), count));
                }
                default -> group.put(metric.key(), records.codec().fromJdbc(metric.field(), raw));
            }
        }
        return group;
    }

    /** A decimal's average keeps the field's scale (like {@code 40.17}); an integer's has up to 16 significant digits. */
    private static BigDecimal average(Field field, BigDecimal sum, long count) {
        var divisor = BigDecimal.valueOf(count);
        if (field.type() instanceof FieldType.Decimal decimal) {
            return sum.divide(divisor, decimal.scale(), RoundingMode.HALF_UP);
        }
        var average = sum.divide(divisor, MathContext.DECIMAL64).stripTrailingZeros();
        return average.scale() < 0 ? average.setScale(0, RoundingMode.UNNECESSARY) : average;
    }

    private static BigDecimal number(Object raw) {
        if (raw instanceof BigDecimal decimal) {
            return decimal;
        }
        if (raw instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (raw instanceof Double || raw instanceof Float) {
            return BigDecimal.valueOf(((Number) raw).doubleValue());
        }
        return BigDecimal.valueOf(((Number) raw).longValue());
    }

    private static List<Field> groupBy(Resource resource, List<String> values) {
        var fields = new ArrayList<Field>();
        for (var name : names(values)) {
            var field = resource.field(name).filter(GROUPABLE)
                    .orElseThrow(() -> new BadRequest("cannot group by `" + name + "`; you can group by " + allowed(resource, GROUPABLE)));
            if (!fields.contains(field)) {
                fields.add(field);
            }
        }
        return fields;
    }

    private static List<Metric> metrics(Resource resource, List<String> values) {
        var names = names(values);
        if (names.isEmpty()) {
            names = List.of("count");
        }
        var metrics = new ArrayList<Metric>();
        for (var name : names) {
            var colon = name.indexOf(':');
            var word = colon < 0 ? name : name.substring(0, colon);
            var kind = java.util.Arrays.stream(Kind.values()).filter(k -> k.word().equals(word)).findFirst()
                    .orElseThrow(() -> new BadRequest("unknown metric `" + name + "`; the metrics are " + String.join(", ", METRICS)));
            Metric metric;
            if (colon < 0) {
                if (kind != Kind.COUNT) {
                    throw new BadRequest("`" + word + "` needs a field, like " + word + ":" + example(resource, kind));
                }
                metric = new Metric(kind, null);
            } else {
                var fieldName = name.substring(colon + 1);
                var field = resource.field(fieldName).filter(kind.applies).orElseThrow(() -> new BadRequest("`" + name
                        + "`: " + kind.word() + " applies to " + allowed(resource, kind.applies)));
                metric = new Metric(kind, field);
            }
            if (!metrics.contains(metric)) {
                metrics.add(metric);
            }
        }
        return metrics;
    }

    private static List<String> names(List<String> values) {
        var names = new ArrayList<String>();
        if (values != null) {
            for (var value : values) {
                for (var part : value.split(",")) {
                    if (!part.isBlank()) {
                        names.add(part.strip());
                    }
                }
            }
        }
        return names;
    }

    private static String allowed(Resource resource, Predicate<Field> applies) {
        var names = resource.fields().stream().filter(applies).map(Field::name).toList();
        return names.isEmpty() ? "no field of " + resource.name() : String.join(", ", names);
    }

    private static String example(Resource resource, Kind kind) {
        return resource.fields().stream().filter(kind.applies).map(Field::name).findFirst().orElse("FIELD");
    }
}
