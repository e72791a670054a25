package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.schema.SchemaNames;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause built from a list query: identifiers come from the model (quoted), every value is a
 * parameter. {@code params} holds typed values; the caller converts them for JDBC.
 */
final class SqlWhere {
    final StringBuilder sql = new StringBuilder();
    final List<Object> params = new ArrayList<>();
    private final FieldCodec codec;

    private SqlWhere(FieldCodec codec) {
        this.codec = codec;
    }

    static SqlWhere of(Resource resource, ListQuery query, FieldCodec codec) {
        var where = new SqlWhere(codec);
        for (var filter : query.filters()) {
            where.and(resource, filter);
        }
        if (query.search() != null) {
            where.search(resource, query.search());
        }
        return where;
    }

    /** As {@link #of(Resource, ListQuery, FieldCodec)}, narrowed to the rows the caller may read. */
    static SqlWhere of(Resource resource, ListQuery query, FieldCodec codec, ReadFilter readable) {
        var where = of(resource, query, codec);
        if (!readable.isAll()) {
            where.sql.append(where.sql.length() == 0 ? "" : " AND ").append('(').append(readable.sql()).append(')');
            where.params.addAll(readable.params());
        }
        return where;
    }

    String clause() {
        return sql.length() == 0 ? "" : " WHERE " + sql;
    }

    private void and(Resource resource, ListQuery.Filter filter) {
        var field = resource.field(filter.field()).orElseThrow();
        sql.append(sql.length() == 0 ? "" : " AND ").append('(');
        if (field.type() instanceof FieldType.ManyToMany) {
            linked(resource, field, filter);
        } else {
            column(field, filter);
        }
        sql.append(')');
    }

    private void column(Field field, ListQuery.Filter filter) {
        var column = ident(field.name());
        switch (filter.operator()) {
            case EQ -> compare(column, "=", field, filter.value());
            case NE -> {
                compare(column, "IS DISTINCT FROM", field, filter.value());
            }
            case GT -> compare(column, ">", field, filter.value());
            case GTE -> compare(column, ">=", field, filter.value());
            case LT -> compare(column, "<", field, filter.value());
            case LTE -> compare(column, "<=", field, filter.value());
            case IN, NIN -> {
                var values = (List<?>) filter.value();
                sql.append(column).append(filter.operator() == ListQuery.Operator.NIN ? " NOT IN (" : " IN (");
                for (var i = 0; i < values.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                    params.add(codec.toJdbc(field, values.get(i)));
                }
                sql.append(')');
                if (filter.operator() == ListQuery.Operator.NIN) {
                    sql.append(" OR ").append(column).append(" IS NULL");
                }
            }
            case CONTAINS -> {
                sql.append("contains(lower(").append(column).append("), lower(?))");
                params.add(filter.value());
            }
            case STARTSWITH -> {
                sql.append("starts_with(").append(column).append(", ?)");
                params.add(filter.value());
            }
            case NULL -> sql.append(column).append((Boolean) filter.value() ? " IS NULL" : " IS NOT NULL");
        }
    }

    private void compare(String column, String operator, Field field, Object value) {
        sql.append(column).append(' ').append(operator).append(" ?");
        params.add(codec.toJdbc(field, value));
    }

    private void linked(Resource resource, Field field, ListQuery.Filter filter) {
        var join = ident(SchemaNames.joinTable(resource, field));
        var source = ident(SchemaNames.JOIN_SOURCE);
        var target = ident(SchemaNames.JOIN_TARGET);
        var id = ident(resource.primaryKey().name());
        switch (filter.operator()) {
            case NULL -> sql.append((Boolean) filter.value() ? "NOT " : "").append("EXISTS (SELECT 1 FROM ").append(join)
                    .append(" WHERE ").append(source).append(" = ").append(id).append(')');
            case IN, NIN -> {
                var values = (List<?>) filter.value();
                sql.append(id).append(filter.operator() == ListQuery.Operator.NIN ? " NOT IN" : " IN")
                        .append(" (SELECT ").append(source).append(" FROM ").append(join).append(" WHERE ").append(target).append(" IN (");
                for (var i = 0; i < values.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                    params.add(values.get(i));
                }
                sql.append("))");
            }
            default -> {
                sql.append(id).append(" IN (SELECT ").append(source).append(" FROM ").append(join)
                        .append(" WHERE ").append(target).append(" = ?)");
                params.add(filter.value());
            }
        }
    }

    private void search(Resource resource, String text) {
        var fields = searchFields(resource);
        sql.append(sql.length() == 0 ? "" : " AND ").append('(');
        for (var i = 0; i < fields.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("contains(lower(").append(ident(fields.get(i).name())).append("), lower(?))");
            params.add(text);
        }
        sql.append(')');
    }

    /** The fields {@code ?q=} looks in: those marked searchable, else the interface's search fields. */
    static List<Field> searchFields(Resource resource) {
        var searchable = resource.fields().stream().filter(Field::searchable).toList();
        if (!searchable.isEmpty()) {
            return searchable;
        }
        return resource.interfaceOptions().searchFields().stream().map(n -> resource.field(n).orElseThrow())
                .filter(f -> f.type() instanceof FieldType.Text || f.type() instanceof FieldType.Select).toList();
    }
}
