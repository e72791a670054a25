package io.dbbasic.crud.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Role names as stored (comma-separated in a hidden column) and as accepted from a request. */
final class Roles {
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    static final int MAX = 32;

    private Roles() {}

    static String store(List<String> roles) {
        return String.join(",", roles);
    }

    static List<String> parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return Arrays.stream(stored.split(",")).map(String::trim).filter(r -> !r.isEmpty()).distinct().toList();
    }

    /** Why these roles are not acceptable, or null. Duplicates are dropped by {@link #clean}. */
    static String problem(List<?> roles) {
        if (roles.size() > MAX) {
            return "at most " + MAX + " roles";
        }
        for (var role : roles) {
            if (!(role instanceof String name) || !NAME.matcher(name).matches()) {
                return "each role is a name of letters, digits, _ . - (starting with a letter)";
            }
        }
        return null;
    }

    static List<String> clean(List<String> roles) {
        return new ArrayList<>(new LinkedHashSet<>(roles));
    }
}
