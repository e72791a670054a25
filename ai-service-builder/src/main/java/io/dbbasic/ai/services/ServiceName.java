package io.dbbasic.ai.services;

import io.dbbasic.common.errors.BadRequest;
import java.util.regex.Pattern;

/** Service names are file names and hook names in YAML: {@code [a-z][a-z0-9_]*}, at most 64 characters. */
public final class ServiceName {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private ServiceName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** The name, or 400 saying what a name may be. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new BadRequest("a service name is lower-case letters, digits and underscores, starting with a letter "
                    + "(at most 64 characters), not '" + (name == null ? "" : name) + "'");
        }
        return name;
    }
}
