package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.schema.SchemaNames;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET {base}/export/csv|json}: the whole filtered result, written row by row as DuckDB streams it,
 * so an export of millions of rows holds one row at a time. One SELECT (many_to_many links come from a
 * correlated {@code list()} in the same statement) so the export is one consistent snapshot.
 */
final class Exports {
    enum Format {
        CSV("text/csv; charset=utf-8", "csv"), JSON("application/json", "json");

        final String contentType;
        final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        static Format of(String name) {
            return Arrays.stream(values()).filter(f -> f.extension.equals(name)).findFirst()
                    .orElseThrow(() -> new BadRequest("exports are csv or json, not `" + name + "`"));
        }
    }

    /** The checked request, ready to run; parsing happens before any byte of the reply is written. */
    record Plan(Resource resource, Format format, List<Field> fields, String sql, List<Object> params) {
        String fileName() {
            return resource.name() + "." + format.extension;
        }
    }

    private static final int FLUSH_EVERY_ROWS = 1_000;
    private final Records records;
    private final ObjectMapper json;
    /** Writes one record without flushing: the servlet stream sends full buffers, not a packet per row. */
    private final com.fasterxml.jackson.databind.ObjectWriter rowWriter;
    private final CsvMapper csv = new CsvMapper();
    private final CsvCells cells;
    Exports(Records records, ObjectMapper json) {
        this.records = records;
        this.json = json;
        this.rowWriter = json.writer().without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.cells = new CsvCells(json);
    }

    /**
     * The list parameters apply (filters, {@code q}, {@code sort}, {@code fields}); {@code limit} and
     * {@code offset} only when given (an export is the whole result, not a page). Default order: by id.
     */
    Plan plan(Resource resource, String format, Map<String, List<String>> params, Caller caller) {
        var kind = Format.of(format);
        if (params.containsKey("expand")) {
            throw new BadRequest("expand is not available in exports; export the referenced resource as well");
        }
        var paging = new LinkedHashMap<>(params);
        var limit = paging.remove("limit");
        var offset = paging.remove("offset");
        var readable = records.readFilter(resource, caller);   // 401/403 before anything is read; the rows the caller may read
        var query = records.parseQuery(resource, paging);
        var fields = query.fields().isEmpty() ? resource.fields()
                : resource.fields().stream().filter(f -> query.fields().contains(f.name())).toList();
        var where = SqlWhere.of(resource, query, records.codec(), readable);
        var table = ident(resource.name());
        var id = ident(resource.primaryKey().name());
        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < fields.size(); i++) {
            var field = fields.get(i);
            sql.append(i == 0 ? "" : ", ");
            if (field.type() instanceof FieldType.ManyToMany) {
                sql.append("(SELECT list(").append(ident(SchemaNames.JOIN_TARGET)).append(" ORDER BY ").append(ident(SchemaNames.JOIN_TARGET))
                        .append(") FROM ").append(ident(SchemaNames.joinTable(resource, field))).append(" WHERE ")
                        .append(ident(SchemaNames.JOIN_SOURCE)).append(" = ").append(table).append('.').append(id).append(')');
            } else {
                sql.append(table).append('.').append(ident(field.name()));
            }
        }
        sql.append(" FROM ").append(table).append(where.clause()).append(" ORDER BY ");
        for (var order : query.sort()) {
            sql.append(table).append('.').append(ident(order.field())).append(order.descending() ? " DESC NULLS LAST, " : " ASC NULLS LAST, ");
        }
        sql.append(table).append('.').append(id).append(" ASC");
        var sqlParams = new ArrayList<>(where.params);
        if (limit != null && !limit.isEmpty()) {
            sql.append(" LIMIT ?");
            sqlParams.add(nonNegative("limit", limit.get(0)));
        }
        if (offset != null && !offset.isEmpty()) {
            sql.append(" OFFSET ?");
            sqlParams.add(nonNegative("offset", offset.get(0)));
        }
        return new Plan(resource, kind, fields, sql.toString(), sqlParams);
    }

    /** Writes the rows to {@code out} as the query yields them. Returns the number of records written. */
    long write(Plan plan, OutputStream out) {
        return records.file(plan.resource()).withConnection(conn -> {
            try (var statement = conn.prepareStatement(plan.sql())) {
                for (var i = 0; i < plan.params().size(); i++) {
                    statement.setObject(i + 1, plan.params().get(i));
                }
                try (var rows = statement.executeQuery()) {
                    return plan.format() == Format.CSV ? writeCsv(plan, rows, out) : writeJson(plan, rows, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the client stopped reading the export", e);
            }
        });
    }

    private long writeCsv(Plan plan, ResultSet rows, OutputStream out) throws SQLException, IOException {
        var schema = CsvSchema.builder();
        plan.fields().forEach(f -> schema.addColumn(f.name()));
        var idName = plan.resource().primaryKey().name();
        long count = 0;
        try (var csvOut = csv.getFactory().createGenerator(out)) {
            csvOut.setSchema(schema.build().withHeader());
            csvOut.enable(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS);
            var values = new Object[plan.fields().size()];
            while (rows.next()) {
                Object id = null;
                for (var i = 0; i < values.length; i++) {
                    values[i] = value(plan.fields().get(i), rows, i + 1);
                    if (plan.fields().get(i).name().equals(idName)) {
                        id = values[i];
                    }
                }
                csvOut.writeStartArray();
                for (var i = 0; i < values.length; i++) {
                    var cell = cells.write(plan.resource(), id, plan.fields().get(i), values[i]);
                    if (cell == null) {
                        csvOut.writeNull();
                    } else {
                        csvOut.writeString(cell);
                    }
                }
                csvOut.writeEndArray();
                if (++count % FLUSH_EVERY_ROWS == 0) {
                    csvOut.flush();
                }
            }
        }
        return count;
    }

    private long writeJson(Plan plan, ResultSet rows, OutputStream out) throws SQLException, IOException {
        var resource = plan.resource();
        var idName = resource.primaryKey().name();
        long count = 0;
        try (var jsonOut = json.getFactory().createGenerator(out)) {
            jsonOut.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            jsonOut.writeStartArray();
            while (rows.next()) {
                var typed = new LinkedHashMap<String, Object>();
                for (var i = 0; i < plan.fields().size(); i++) {
                    typed.put(plan.fields().get(i).name(), value(plan.fields().get(i), rows, i + 1));
                }
                var id = typed.get(idName);
                var record = new LinkedHashMap<String, Object>();
                for (var field : plan.fields()) {
                    record.put(field.name(), RecordJson.publicValue(resource, id, field, typed.get(field.name())));
                }
                rowWriter.writeValue(jsonOut, record);
                if (++count % FLUSH_EVERY_ROWS == 0) {
                    jsonOut.flush();
                }
            }
            jsonOut.writeEndArray();
        }
        out.flush();
        return count;
    }

    private Object value(Field field, ResultSet rows, int column) throws SQLException {
        var raw = rows.getObject(column);
        if (field.type() instanceof FieldType.ManyToMany) {
            return links(raw);
        }
        return records.codec().fromJdbc(field, raw);
    }

    private static List<Long> links(Object raw) throws SQLException {
        if (raw == null) {
            return List.of();
        }
        var items = (Object[]) ((Array) raw).getArray();
        var ids = new ArrayList<Long>(items.length);
        for (var item : items) {
            ids.add(((Number) item).longValue());
        }
        return ids;
    }

    private static long nonNegative(String name, String value) {
        try {
            var number = Long.parseLong(value.trim());
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest(name + " must be a whole number ≥ 0, not `" + value + "`");
    }
}
