package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Permissions;
import io.dbbasic.common.model.Rule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code permissions:} (CONTRACT §9 "Rules"). */
final class PermissionsReader {
    /** Conditions DBBasic can evaluate; any other never grants. None exist yet. */
    static final Set<String> KNOWN_CONDITIONS = Set.of();
    private static final List<String> OPERATIONS = Arrays.stream(Operation.values()).map(Operation::yamlName).toList();
    private static final List<String> BUILTINS = List.of("public", "authenticated", "owner", "owner_or_admin", "admin", "admin_only");

    private final Reads reads;
    private final Diagnostics diagnostics;
    private final Map<String, Field> fields;
    private final String statusField;

    PermissionsReader(Reads reads, Map<String, Field> fields, String statusField) {
        this.reads = reads;
        this.diagnostics = reads.diagnostics;
        this.fields = fields;
        this.statusField = statusField;
    }

    Permissions read(Node node) {
        var mapping = reads.mapping(node, "`permissions`");
        if (mapping == null) {
            return Permissions.DEFAULT;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, OPERATIONS, " in permissions");
        var rules = new EnumMap<Operation, Rule>(Operation.class);
        for (var op : Operation.values()) {
            var entry = entries.get(op.yamlName());
            if (entry != null) {
                var rule = rule(entry.value(), op, true);
                if (rule != null) {
                    rules.put(op, rule);
                }
            }
        }
        return new Permissions(rules);
    }

    private Rule rule(Node node, Operation op, boolean statusMapAllowed) {
        if (node instanceof ScalarNode) {
            var name = reads.string(node, "a permission rule");
            return name == null ? null : named(name, node);
        }
        if (node instanceof SequenceNode sequence) {
            var rules = new ArrayList<Rule>();
            for (var item : sequence.getValue()) {
                var rule = rule(item, op, false);
                if (rule == null) {
                    return null;
                }
                rules.add(rule);
            }
            if (rules.isEmpty()) {
                diagnostics.error(node, "an empty list grants nobody; write `admin` if that is meant");
                return null;
            }
            return rules.size() == 1 ? rules.get(0) : new Rule.AnyOf(rules);
        }
        var mapping = (MappingNode) node;
        var entries = reads.entries(mapping);
        if (entries.containsKey("role") || entries.containsKey("condition")) {
            return roleOrCondition(entries);
        }
        if (!statusMapAllowed) {
            diagnostics.error(node, "a rule in a list is a name, `{role: …}` or `{condition: …}`");
            return null;
        }
        return byStatus(mapping, entries, op);
    }

    private Rule roleOrCondition(Map<String, Reads.Entry> entries) {
        reads.checkKeys(entries, List.of("role", "condition"), " in a permission rule");
        if (entries.size() != 1) {
            diagnostics.error(entries.values().iterator().next().keyNode(), "a rule entry is either `{role: …}` or `{condition: …}`");
            return null;
        }
        var role = entries.get("role");
        if (role != null) {
            var name = reads.string(role.value(), "`role`");
            return name == null ? null : new Rule.Role(name);
        }
        var condition = entries.get("condition");
        var name = reads.string(condition.value(), "`condition`");
        if (name == null) {
            return null;
        }
        if (!KNOWN_CONDITIONS.contains(name)) {
            diagnostics.warning(condition.value(), "condition `" + name + "` is not known to DBBasic; it never grants");
        }
        return new Rule.Condition(name);
    }

    private Rule byStatus(MappingNode node, Map<String, Reads.Entry> entries, Operation op) {
        var field = fields.get(statusField);
        if (!(field != null && field.type() instanceof FieldType.Select select)) {
            diagnostics.error(node, op.yamlName() + ": a map of status values needs a select field `" + statusField + "`");
            return null;
        }
        var byValue = new LinkedHashMap<String, Rule>();
        for (var entry : entries.values()) {
            if (!select.options().contains(entry.key())) {
                diagnostics.error(entry.keyNode(), "`" + entry.key() + "` is not a value of `" + statusField + "` " + select.options()
                        + Suggestions.closest(entry.key(), select.options()).map(s -> ": did you mean `" + s + "`?").orElse(""));
                return null;
            }
            var rule = rule(entry.value(), op, false);
            if (rule == null) {
                return null;
            }
            byValue.put(entry.key(), rule);
        }
        return new Rule.ByStatus(statusField, byValue);
    }

    private Rule named(String name, Node node) {
        var builtin = builtin(name);
        if (builtin.isPresent()) {
            return builtin.get();
        }
        if (!name.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
            diagnostics.error(node, "`" + name + "` is neither a rule (" + String.join(", ", BUILTINS) + ") nor a role name");
            return null;
        }
        Suggestions.closest(name, BUILTINS).ifPresent(s ->
                diagnostics.warning(node, "`" + name + "` is taken as a role name; did you mean `" + s + "`?"));
        return new Rule.Role(name);
    }

    private static Optional<Rule> builtin(String name) {
        return switch (name) {
            case "public" -> Optional.of(Rule.PUBLIC);
            case "authenticated" -> Optional.of(Rule.AUTHENTICATED);
            case "owner" -> Optional.of(new Rule.Builtin(Rule.Kind.OWNER));
            case "owner_or_admin" -> Optional.of(new Rule.Builtin(Rule.Kind.OWNER_OR_ADMIN));
            case "admin", "admin_only" -> Optional.of(Rule.ADMIN);
            default -> Optional.empty();
        };
    }
}
