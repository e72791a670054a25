package io.dbbasic.common.model;

import java.util.Set;
import java.util.regex.Pattern;

/** The names a resource or field may take: they become table, column, URL and channel names. */
public final class Identifiers {
    public static final int MAX_LENGTH = 63;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]*");
    /** Resource names the platform uses for its own paths and tables. */
    public static final Set<String> RESERVED_RESOURCES = Set.of("models", "auth", "system");

    private Identifiers() {}

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && VALID.matcher(name).matches();
    }
}
