package io.dbbasic.events.model;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An event's type: 1 to 200 characters from letters, digits and {@code _ - . : @ /}, starting with a
 * letter, digit or underscore ({@code posts.created}, {@code OrderPlaced}, {@code billing/v2:Paid}).
 */
public final class EventType {
    public static final String RULE = "1 to 200 letters, digits, '_', '-', '.', ':', '@' or '/', starting with a letter, digit or '_'";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@/-]{0,199}");

    private EventType() {}

    public static boolean valid(String type) {
        return type != null && SHAPE.matcher(type).matches();
    }

    /** Empty when {@code type} is valid, else what is wrong with it. */
    public static Optional<String> problem(String type) {
        return valid(type) ? Optional.empty() : Optional.of("must be " + RULE);
    }
}
