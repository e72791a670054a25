package io.dbbasic.crud.records;

import java.util.List;

/**
 * The rows of a resource's table a caller may read (CONTRACT §9), as an SQL predicate over that table:
 * identifiers from the model, quoted; every value a parameter in {@code params}, in order. Lists and
 * totals apply it; exports, aggregates and anything else that reads rows for a caller must too (through
 * {@link Records#readFilter} and {@link SqlWhere#of(io.dbbasic.common.model.Resource, ListQuery, FieldCodec, ReadFilter)}).
 */
public record ReadFilter(String sql, List<Object> params) {
    /** Every row. */
    public static final ReadFilter ALL = new ReadFilter("TRUE", List.of());

    public ReadFilter {
        params = List.copyOf(params);
    }

    public boolean isAll() {
        return sql.equals("TRUE");
    }
}
