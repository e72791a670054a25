package io.dbbasic.common.storage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The one place where names and values become SQL text. Every identifier in every statement goes
 * through {@link #ident}; values go in as JDBC parameters, except where SQL cannot take a parameter
 * (DDL, e.g. {@code DEFAULT}), and only there {@link #literal} renders a typed value. Strings from a
 * request or a file never reach {@code literal} untyped: it accepts Java types, not SQL fragments.
 */
public final class Sql {
    /** DuckDB's TIMESTAMP holds microseconds; the literal carries exactly that precision. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    /** A bound on numeric literals; DuckDB's widest DECIMAL has 38 digits. */
    private static final int MAX_NUMBER_CHARS = 80;

    private Sql() {}

    /** A quoted identifier: {@code posts} → {@code "posts"}, {@code a"b} → {@code "a""b"}. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier cannot be empty");
        }
        checkText(name, "an SQL identifier");
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A typed value as an SQL literal, for the places SQL takes no parameter. Accepts String, the
     * integral types, BigDecimal, Boolean, LocalDate and Instant (rendered as a UTC {@code TIMESTAMP}).
     * Anything else, a float, or {@code null}, is refused: a caller must say what a value is.
     */
    public static String literal(Object value) {
        if (value instanceof String s) {
            checkText(s, "an SQL string literal");
            return '\'' + s.replace("'", "''") + '\'';
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return signed(Long.toString(((Number) value).longValue()));
        }
        if (value instanceof BigInteger i) {
            return signed(number(i.toString()));
        }
        if (value instanceof BigDecimal d) {
            return signed(number(d.toPlainString()));
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof LocalDate d) {
            checkYear(d.getYear());
            return "DATE '" + d + "'";
        }
        if (value instanceof Instant t) {
            checkYear(t.atOffset(ZoneOffset.UTC).getYear());
            return "TIMESTAMP '" + TIMESTAMP.format(t) + "'";
        }
        throw new IllegalArgumentException("no SQL literal for a value of type "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** A negative number is parenthesised, so {@code 1 -} followed by it can never read as a comment. */
    private static String signed(String digits) {
        return digits.startsWith("-") ? "(" + digits + ")" : digits;
    }

    private static String number(String digits) {
        if (digits.length() > MAX_NUMBER_CHARS) {
            throw new IllegalArgumentException("number too long for an SQL literal: " + digits.length() + " characters");
        }
        return digits;
    }

    private static void checkYear(int year) {
        // Four-digit years only: the literal format has no sign or fifth digit.
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("year " + year + " is outside 1..9999");
        }
    }

    /** NUL ends C strings inside DuckDB; lone surrogates cannot become UTF-8. Both are refused. */
    private static void checkText(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') {
                throw new IllegalArgumentException(what + " cannot contain NUL");
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " cannot contain an unpaired surrogate");
            }
        }
    }
}
