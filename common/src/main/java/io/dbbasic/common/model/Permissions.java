package io.dbbasic.common.model;

import java.util.EnumMap;
import java.util.Map;

/** The rule for each operation; an operation the YAML leaves out needs an authenticated caller. */
public record Permissions(Map<Operation, Rule> rules) {
    public static final Permissions DEFAULT = new Permissions(Map.of());

    public Permissions {
        var all = new EnumMap<Operation, Rule>(Operation.class);
        for (var op : Operation.values()) {
            all.put(op, rules.getOrDefault(op, Rule.AUTHENTICATED));
        }
        rules = java.util.Collections.unmodifiableMap(all);
    }

    public Rule of(Operation operation) {
        return rules.get(operation);
    }
}
