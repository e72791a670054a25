package io.dbbasic.crud.openapi;

import io.dbbasic.common.model.Rule;
import java.util.stream.Collectors;

/**
 * What a permission rule (CONTRACT §9) means for an operation's documentation: whether an anonymous
 * caller may call it (so its security is optional), which of 401 and 403 it can answer, and the rule in words.
 */
record Access(boolean anonymousAllowed, boolean canBeUnauthorized, boolean canBeForbidden, String summary) {
    static final Access PUBLIC = new Access(true, false, false, "anyone");
    static final Access SIGNED_IN = new Access(false, true, false, "any signed-in account");
    static final Access ADMIN = new Access(false, true, true, "admins");

    static Access of(Rule rule) {
        return new Access(grantsAnonymous(rule), !isPlain(rule, Rule.Kind.PUBLIC),
                !isPlain(rule, Rule.Kind.PUBLIC) && !isPlain(rule, Rule.Kind.AUTHENTICATED), describe(rule));
    }

    /** Whether some anonymous caller passes for some record (a status map with a public value does). */
    private static boolean grantsAnonymous(Rule rule) {
        if (rule instanceof Rule.Builtin builtin) {
            return builtin.kind() == Rule.Kind.PUBLIC;
        }
        if (rule instanceof Rule.AnyOf any) {
            return any.rules().stream().anyMatch(Access::grantsAnonymous);
        }
        if (rule instanceof Rule.ByStatus byStatus) {
            return byStatus.byValue().values().stream().anyMatch(Access::grantsAnonymous);
        }
        return false;
    }

    private static boolean isPlain(Rule rule, Rule.Kind kind) {
        return rule instanceof Rule.Builtin builtin && builtin.kind() == kind;
    }

    /** The rule as the YAML would say it. */
    static String describe(Rule rule) {
        if (rule instanceof Rule.Builtin builtin) {
            return "`" + builtin.kind().yamlName() + "`";
        }
        if (rule instanceof Rule.Role role) {
            return "role `" + role.name() + "`";
        }
        if (rule instanceof Rule.AnyOf any) {
            return "any of " + any.rules().stream().map(Access::describe).collect(Collectors.joining(", "));
        }
        if (rule instanceof Rule.ByStatus byStatus) {
            return "by `" + byStatus.field() + "`: " + byStatus.byValue().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + " → " + describe(e.getValue())).collect(Collectors.joining(", "))
                    + " (any other value: `admin`)";
        }
        if (rule instanceof Rule.Condition condition) {
            return "condition `" + condition.name() + "` (not known to this version: grants no one)";
        }
        throw new IllegalStateException("unknown rule " + rule);
    }
}
