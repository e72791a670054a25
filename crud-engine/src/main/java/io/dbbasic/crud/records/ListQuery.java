package io.dbbasic.crud.records;

import java.util.List;

/**
 * A parsed list request (CONTRACT §4 "List parameters"). Every field named here was checked against
 * the model; values are typed. {@code fields} empty means all; {@code limitClamped} tells the reply.
 */
public record ListQuery(List<Filter> filters, String search, List<Order> sort, int limit, int offset,
                 List<String> fields, List<String> expand) {
    public static final int MAX_LIMIT = 1000;

    public ListQuery {
        filters = List.copyOf(filters);
        sort = List.copyOf(sort);
        fields = List.copyOf(fields);
        expand = List.copyOf(expand);
    }

    public enum Operator {
        EQ, NE, GT, GTE, LT, LTE, IN, NIN, CONTAINS, STARTSWITH, NULL;

        public String queryName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code field op value}; IN/NIN hold a list, NULL a Boolean (true: is null). */
    public record Filter(String field, Operator operator, Object value) {}

    public record Order(String field, boolean descending) {}

    public ListQuery withFilters(List<Filter> more) {
        var all = new java.util.ArrayList<>(filters);
        all.addAll(more);
        return new ListQuery(all, search, sort, limit, offset, fields, expand);
    }

    public ListQuery withSortIfNone(List<Order> fallback) {
        return sort.isEmpty() ? new ListQuery(filters, search, fallback, limit, offset, fields, expand) : this;
    }
}
