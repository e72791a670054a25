package io.dbbasic.hooks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A record as JSON values, field by field, with typed getters. Values are kept JSON-shaped: String,
 * Long (every integer), BigDecimal (every other number), Boolean, List, Map or null; dates and times
 * given to {@link #set} are stored as ISO-8601 text, as the CRUD API writes them.
 * (Not called {@code Record}: that name would clash with {@code java.lang.Record} in hook code.)
 */
public final class Row {
    private final LinkedHashMap<String, Object> values = new LinkedHashMap<>();

    public Row() {}

    public Row(Map<String, ?> values) {
        values.forEach(this::set);
    }

    /** The raw JSON value, or null when absent. */
    public Object get(String field) {
        return values.get(field);
    }

    /** Present and not null. */
    public boolean has(String field) {
        return values.get(field) != null;
    }

    /** Absent, null, blank text or an empty list. */
    public boolean isBlank(String field) {
        var value = values.get(field);
        if (value == null) {
            return true;
        }
        if (value instanceof String s) {
            return s.isBlank();
        }
        return value instanceof List<?> list && list.isEmpty();
    }

    /** The value as text (numbers and booleans spelled out), or null when absent. */
    public String getString(String field) {
        var value = values.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    /** The value as text, or {@code fallback} when absent or null. */
    public String getString(String field, String fallback) {
        var value = getString(field);
        return value == null ? fallback : value;
    }

    /** A number (or numeric text) as BigDecimal; null when absent; IllegalArgumentException when not a number. */
    public BigDecimal getDecimal(String field) {
        var value = values.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw notA("number", field, value);
            }
        }
        throw notA("number", field, value);
    }

    /** A number as BigDecimal, or {@code fallback} when absent or null. */
    public BigDecimal getDecimal(String field, BigDecimal fallback) {
        var value = getDecimal(field);
        return value == null ? fallback : value;
    }

    /** A whole number; null when absent; IllegalArgumentException when not a whole number. */
    public Long getLong(String field) {
        var value = getDecimal(field);
        if (value == null) {
            return null;
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw notA("whole number", field, values.get(field));
        }
    }

    public long getLong(String field, long fallback) {
        var value = getLong(field);
        return value == null ? fallback : value;
    }

    /** true/false (also the text "true"/"false"); null when absent. */
    public Boolean getBoolean(String field) {
        var value = values.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        throw notA("boolean", field, value);
    }

    public boolean getBoolean(String field, boolean fallback) {
        var value = getBoolean(field);
        return value == null ? fallback : value;
    }

    /** A {@code YYYY-MM-DD} date (a timestamp's UTC day also works); null when absent. */
    public LocalDate getDate(String field) {
        var value = getString(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() > 10 ? LocalDate.ofInstant(parseInstant(value), java.time.ZoneOffset.UTC) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw notA("date", field, value);
        }
    }

    /** An ISO-8601 timestamp ({@code 2026-11-25T20:00:00Z}, a bare date meaning its UTC midnight); null when absent. */
    public Instant getTimestamp(String field) {
        var value = getString(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(java.time.ZoneOffset.UTC).toInstant() : parseInstant(value);
        } catch (DateTimeParseException e) {
            throw notA("timestamp", field, value);
        }
    }

    /** A JSON array (a copy); an empty list when absent. */
    public List<Object> getList(String field) {
        var value = values.get(field);
        if (value == null) {
            return new ArrayList<>();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        throw notA("list", field, value);
    }

    /** A JSON object (a copy); an empty map when absent. */
    public Map<String, Object> getMap(String field) {
        var value = values.get(field);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), v));
            return copy;
        }
        throw notA("object", field, value);
    }

    /** Sets a field (null is a JSON null, which clears it); returns this row for chaining. */
    public Row set(String field, Object value) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("a field needs a name");
        }
        values.put(field, jsonValue(value));
        return this;
    }

    public Row remove(String field) {
        values.remove(field);
        return this;
    }

    /** The field names present, in order. */
    public Set<String> fields() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    /** An unmodifiable view of the values, for turning the row into JSON. */
    public Map<String, Object> toMap() {
        return Collections.unmodifiableMap(values);
    }

    public Row copy() {
        return new Row(values);
    }

    /** Whether two JSON values are the same, comparing numbers by value (2 equals 2.0). */
    public static boolean sameValue(Object a, Object b) {
        var x = jsonValue(a);
        var y = jsonValue(b);
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            if ((x instanceof BigDecimal || x instanceof Long) && (y instanceof BigDecimal || y instanceof Long)) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
            }
            return false;
        }
        return java.util.Objects.equals(x, y);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && values.equals(row.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static Instant parseInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }

    private static IllegalArgumentException notA(String kind, String field, Object value) {
        var shown = String.valueOf(value);
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "…";
        }
        return new IllegalArgumentException(field + " is not a " + kind + ": " + shown);
    }

    /** Turns a Java value into its JSON shape (see the class comment). */
    static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
        }
        if (value instanceof Double || value instanceof Float) {
            var d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no " + d);
            }
            return new BigDecimal(value.toString());
        }
        if (value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant || value instanceof LocalDate || value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Row row) {
            return new LinkedHashMap<>(row.values);
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), jsonValue(v)));
            return copy;
        }
        if (value instanceof Collection<?> items) {
            var copy = new ArrayList<Object>(items.size());
            items.forEach(item -> copy.add(jsonValue(item)));
            return copy;
        }
        throw new IllegalArgumentException("a record holds JSON values, not " + value.getClass().getSimpleName());
    }
}
