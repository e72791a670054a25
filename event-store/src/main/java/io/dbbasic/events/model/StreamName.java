package io.dbbasic.events.model;

import io.dbbasic.common.errors.BadRequest;
import java.util.regex.Pattern;

/**
 * The name of a stream: 1 to 200 characters from letters, digits and {@code _ - . : @}, starting with a
 * letter, digit or underscore. Its category is the name up to the first {@code -} (CONTRACT §8), so
 * {@code posts-7} belongs to {@code posts} and {@code settings} to {@code settings}.
 */
public record StreamName(String value) {
    public static final int MAX_LENGTH = 200;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,199}");
    public static final String RULE = "1 to 200 letters, digits, '_', '-', '.', ':' or '@', starting with a letter, digit or '_'";

    public StreamName {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new BadRequest("'" + printable(value) + "' is not a stream name: " + RULE);
        }
    }

    public static StreamName of(String value) {
        return new StreamName(value);
    }

    public String category() {
        return categoryOf(value);
    }

    /** The category of a stream name: the part before the first {@code -}, or the whole name. */
    public static String categoryOf(String stream) {
        var dash = stream.indexOf('-');
        return dash < 0 ? stream : stream.substring(0, dash);
    }

    /** A bounded, single-line rendering of untrusted input for error messages. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        var cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return value;
    }
}
