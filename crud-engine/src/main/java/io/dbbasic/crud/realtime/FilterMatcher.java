package io.dbbasic.crud.realtime;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.ListQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides in memory whether a record passes a subscription's list filters, with the meaning the list
 * endpoint gives them in SQL (records.SqlWhere): {@code eq}, {@code gt}… and {@code in} never match a
 * null, {@code ne} and {@code nin} do ({@code IS DISTINCT FROM}, {@code NOT IN … OR IS NULL}),
 * {@code contains} ignores case, {@code startswith} does not, and on a many_to_many field {@code eq}
 * means "links to". Text compares by code point, as DuckDB compares VARCHAR bytes.
 *
 * <p>Records reach here in two shapes: a live change carries the typed public form (Long, BigDecimal,
 * LocalDate, Instant, JsonNode, List&lt;Long&gt;), a change read back from the change log carries what
 * JSON parsing gives (Integer or Long, BigDecimal, ISO strings, Map, List&lt;Integer&gt;). Each value is
 * therefore first brought to its field's type; one that cannot be (an old log row after a type change)
 * matches nothing. Filter values are already typed by {@code Records.filter}. Stateless.
 */
final class FilterMatcher {
    private FilterMatcher() {}

    /** True when {@code record} passes every filter (an empty list passes everything). */
    static boolean matches(Resource resource, List<ListQuery.Filter> filters, Map<String, Object> record) {
        for (var filter : filters) {
            var field = resource.field(filter.field());
            if (field.isEmpty() || !matches(field.get(), filter, record.get(filter.field()))) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Field field, ListQuery.Filter filter, Object raw) {
        try {
            return field.type() instanceof FieldType.ManyToMany ? linked(filter, ids(raw)) : column(filter, typed(field, raw));
        } catch (Untyped e) {
            return false;
        }
    }

    private static boolean column(ListQuery.Filter filter, Object value) throws Untyped {
        var wanted = filter.value();
        return switch (filter.operator()) {
            case EQ -> value != null && compare(value, wanted) == 0;
            case NE -> value == null || compare(value, wanted) != 0;
            case GT -> value != null && compare(value, wanted) > 0;
            case GTE -> value != null && compare(value, wanted) >= 0;
            case LT -> value != null && compare(value, wanted) < 0;
            case LTE -> value != null && compare(value, wanted) <= 0;
            case IN -> value != null && anyEqual(value, (List<?>) wanted);
            case NIN -> value == null || !anyEqual(value, (List<?>) wanted);
            case CONTAINS -> value != null && lower(value).contains(lower(wanted));
            case STARTSWITH -> value != null && ((String) value).startsWith((String) wanted);
            case NULL -> (value == null) == (Boolean) wanted;
        };
    }

    /** many_to_many: the parser allows a linked id ({@code eq}), {@code in}, {@code nin} and {@code null}. */
    private static boolean linked(ListQuery.Filter filter, List<Long> ids) {
        var wanted = filter.value();
        return switch (filter.operator()) {
            case NULL -> ids.isEmpty() == (Boolean) wanted;
            case IN -> ((List<?>) wanted).stream().anyMatch(ids::contains);
            case NIN -> ((List<?>) wanted).stream().noneMatch(ids::contains);
            default -> ids.contains(wanted);
        };
    }

    private static boolean anyEqual(Object value, List<?> candidates) throws Untyped {
        for (var candidate : candidates) {
            if (compare(value, candidate) == 0) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object value, Object wanted) throws Untyped {
        if (value instanceof String a && wanted instanceof String b) {
            return byCodePoint(a, b);
        }
        if (value.getClass() != wanted.getClass() || !(value instanceof Comparable)) {
            throw new Untyped();   // cannot happen for filters the parser typed against this field; never guess
        }
        return ((Comparable) value).compareTo(wanted);
    }

    /** DuckDB orders VARCHAR by UTF-8 bytes, which is code point order (String.compareTo is UTF-16 unit order). */
    private static int byCodePoint(String a, String b) {
        var i = 0;
        var j = 0;
        while (i < a.length() && j < b.length()) {
            var x = a.codePointAt(i);
            var y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String lower(Object text) {
        return ((String) text).toLowerCase(Locale.ROOT);
    }

    /** The value as the filter's typed value for this field: Long, BigDecimal, String, Boolean, LocalDate, Instant. */
    private static Object typed(Field field, Object raw) throws Untyped {
        if (raw == null) {
            return null;
        }
        var type = field.type();
        if (type instanceof FieldType.Text || type instanceof FieldType.Select) {
            return expect(raw, String.class);
        }
        if (type instanceof FieldType.Integer || type instanceof FieldType.ForeignKey || type instanceof FieldType.PrimaryKey) {
            return whole(raw);
        }
        if (type instanceof FieldType.Decimal) {
            if (raw instanceof BigDecimal decimal) {
                return decimal;
            }
            if (raw instanceof Number number) {
                return new BigDecimal(number.toString());
            }
            throw new Untyped();
        }
        if (type instanceof FieldType.Bool) {
            return expect(raw, Boolean.class);
        }
        if (type instanceof FieldType.Date) {
            if (raw instanceof LocalDate date) {
                return date;
            }
            var text = expect(raw, String.class);
            return parse(() -> LocalDate.parse(text));
        }
        if (type instanceof FieldType.Timestamp) {
            if (raw instanceof Instant instant) {
                return instant;
            }
            var text = expect(raw, String.class);
            return parse(() -> instant(text));
        }
        // json and file: the parser allows only [null] on them, and any present value is "not null".
        return raw;
    }

    private static List<Long> ids(Object raw) throws Untyped {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof Collection<?> items)) {
            throw new Untyped();
        }
        var ids = new ArrayList<Long>(items.size());
        for (var item : items) {
            ids.add(whole(item));
        }
        return ids;
    }

    private static Long whole(Object raw) throws Untyped {
        if (raw instanceof Long value) {
            return value;
        }
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof BigDecimal || raw instanceof java.math.BigInteger) {
            try {
                return new BigDecimal(raw.toString()).longValueExact();
            } catch (ArithmeticException e) {
                throw new Untyped();
            }
        }
        throw new Untyped();
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    private static <T> T expect(Object raw, Class<T> type) throws Untyped {
        if (!type.isInstance(raw)) {
            throw new Untyped();
        }
        return type.cast(raw);
    }

    private static <T> T parse(java.util.function.Supplier<T> parse) throws Untyped {
        try {
            return parse.get();
        } catch (DateTimeParseException e) {
            throw new Untyped();
        }
    }

    /** A stored value that does not fit its field's current type: it matches no filter. */
    private static final class Untyped extends Exception {
        Untyped() {
            super(null, null, false, false);
        }
    }
}
