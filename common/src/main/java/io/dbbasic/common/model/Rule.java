package io.dbbasic.common.model;

import java.util.List;
import java.util.Map;

/** A permission rule (CONTRACT §9 "Rules"). Deciding who passes belongs to the auth feature, not the model. */
public sealed interface Rule permits Rule.Builtin, Rule.Role, Rule.AnyOf, Rule.ByStatus, Rule.Condition {

    Rule PUBLIC = new Builtin(Kind.PUBLIC);
    Rule AUTHENTICATED = new Builtin(Kind.AUTHENTICATED);
    Rule ADMIN = new Builtin(Kind.ADMIN);

    enum Kind {
        PUBLIC, AUTHENTICATED, OWNER, OWNER_OR_ADMIN, ADMIN;

        public String yamlName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    record Builtin(Kind kind) implements Rule {}

    /** Callers who hold this role. */
    record Role(String name) implements Rule {}

    /** Any of the rules grants. */
    record AnyOf(List<Rule> rules) implements Rule {
        public AnyOf { rules = List.copyOf(rules); }
    }

    /** The rule depends on the record's status value; a value missing from the map means admin only. */
    record ByStatus(String field, Map<String, Rule> byValue) implements Rule {
        public ByStatus { byValue = Map.copyOf(byValue); }

        public Rule forValue(String value) {
            return byValue.getOrDefault(value, ADMIN);
        }
    }

    /** A named condition; DBBasic knows none yet, so it never grants (and the loader warns). */
    record Condition(String name) implements Rule {}
}
