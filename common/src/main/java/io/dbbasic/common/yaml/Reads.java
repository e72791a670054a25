package io.dbbasic.common.yaml;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from the node tree. Each read that fails reports an error at the node and returns
 * {@code null}, so one pass over a file collects every problem instead of stopping at the first.
 */
final class Reads {
    /** The most nodes one plain value (a json default, say) may expand to through aliases. */
    private static final int MAX_PLAIN_NODES = 10_000;

    final Diagnostics diagnostics;

    Reads(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    record Entry(String key, Node keyNode, Node value) {}

    /** The entries of a mapping, in order; a non-text key or a key written twice is an error. */
    Map<String, Entry> entries(MappingNode node) {
        var entries = new LinkedHashMap<String, Entry>();
        for (var tuple : node.getValue()) {
            var keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
                diagnostics.error(keyNode, "a key must be a plain word");
                continue;
            }
            var key = scalar.getValue();
            var first = entries.get(key);
            if (first != null) {
                diagnostics.error(keyNode, "`" + key + "` is written twice (first at line "
                        + diagnostics.at(first.keyNode()).line() + ")");
                continue;
            }
            entries.put(key, new Entry(key, keyNode, tuple.getValueNode()));
        }
        return entries;
    }

    /** The mapping at {@code node}, or {@code null} (with an error) when it is something else. */
    MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode mapping) {
            return mapping;
        }
        diagnostics.error(node, what + " must be a mapping of `key: value` lines, not " + describe(node));
        return null;
    }

    /**
     * Reports the keys not in {@code known}: a key close to a known one is an error (a typo that would
     * silently lose a setting); any other is a warning, so YAML written for other DBBasic versions loads.
     */
    void checkKeys(Map<String, Entry> entries, Collection<String> known, String where) {
        checkKeys(entries, known, Set.of(), where);
    }

    /** As above; {@code otherVersions} are keys other DBBasic versions wrote, always a warning, never a typo. */
    void checkKeys(Map<String, Entry> entries, Collection<String> known, Set<String> otherVersions, String where) {
        for (var entry : entries.values()) {
            if (known.contains(entry.key())) {
                continue;
            }
            var suggestion = otherVersions.contains(entry.key()) ? java.util.Optional.<String>empty() : Suggestions.closest(entry.key(), known);
            if (suggestion.isPresent()) {
                diagnostics.error(entry.keyNode(), "`" + entry.key() + "`" + where + ": did you mean `" + suggestion.get() + "`?");
            } else {
                diagnostics.warning(entry.keyNode(), "`" + entry.key() + "`" + where + " is not used by this version of DBBasic");
            }
        }
    }

    String string(Node node, String what) {
        if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
            return scalar.getValue();
        }
        diagnostics.error(node, what + " must be text, not " + describe(node));
        return null;
    }

    Boolean bool(Node node, String what) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            return switch (scalar.getValue().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            };
        }
        diagnostics.error(node, what + " must be true or false, not " + describe(node));
        return null;
    }

    BigDecimal number(Node node, String what) {
        if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            try {
                return new BigDecimal(scalar.getValue().replace("_", ""));
            } catch (NumberFormatException e) {
                // YAML 1.1 also calls 0x1F, 1:30 and .inf numbers; DBBasic wants plain decimals
            }
        }
        diagnostics.error(node, what + " must be a number, not " + describe(node));
        return null;
    }

    Integer integer(Node node, String what, int min, int max) {
        var number = number(node, what);
        if (number == null) {
            return null;
        }
        if (number.stripTrailingZeros().scale() > 0 || number.compareTo(BigDecimal.valueOf(min)) < 0
                || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            diagnostics.error(node, what + " must be a whole number from " + min + " to " + max + ", not " + number.toPlainString());
            return null;
        }
        return number.intValueExact();
    }

    /** A list of words; a single word stands for a list of one. */
    List<String> strings(Node node, String what) {
        if (node instanceof ScalarNode) {
            var one = string(node, what);
            return one == null ? null : List.of(one);
        }
        if (!(node instanceof SequenceNode sequence)) {
            diagnostics.error(node, what + " must be a list, not " + describe(node));
            return null;
        }
        var values = new ArrayList<String>();
        var ok = true;
        for (var item : sequence.getValue()) {
            var value = string(item, what + " items");
            ok &= value != null;
            values.add(value);
        }
        return ok ? values : null;
    }

    /**
     * The plain value of a node (maps, lists, text, numbers, booleans, null) for json defaults and
     * filters. Aliases may make a small file expand hugely, so the expansion has a budget.
     */
    Object plain(Node node, String what) {
        var budget = new int[] {MAX_PLAIN_NODES};
        try {
            return plain(node, budget, 0);
        } catch (IllegalStateException e) {
            diagnostics.error(node, what + " expands to more than " + MAX_PLAIN_NODES + " values through aliases; refused");
            return null;
        }
    }

    private Object plain(Node node, int[] budget, int depth) {
        if (--budget[0] < 0 || depth > YamlSource.MAX_DEPTH) {
            throw new IllegalStateException("too large");
        }
        if (node instanceof MappingNode mapping) {
            var map = new LinkedHashMap<String, Object>();
            for (var tuple : mapping.getValue()) {
                var key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(plain(tuple.getKeyNode(), budget, depth + 1));
                map.put(key, plain(tuple.getValueNode(), budget, depth + 1));
            }
            return map;
        }
        if (node instanceof SequenceNode sequence) {
            var list = new ArrayList<Object>();
            for (var item : sequence.getValue()) {
                list.add(plain(item, budget, depth + 1));
            }
            return list;
        }
        var scalar = (ScalarNode) node;
        var tag = scalar.getTag();
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return bool(scalar, "value");
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            try {
                var number = new BigDecimal(scalar.getValue().replace("_", ""));
                return tag.equals(Tag.INT) ? (Object) number.longValueExact() : number;
            } catch (ArithmeticException | NumberFormatException e) {
                return scalar.getValue();
            }
        }
        return scalar.getValue();
    }

    static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        var scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "empty";
        }
        var value = scalar.getValue();
        return "`" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "`";
    }
}
