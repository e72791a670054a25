package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Identifiers;
import io.dbbasic.common.model.UiHints;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one entry of {@code fields:} into a {@link Field}, reporting every problem it finds. */
final class FieldReader {
    static final Set<String> KEYS = new LinkedHashSet<>(List.of(
            "type", "required", "unique", "default", "index", "renamed_from", "ui", "label", "description",
            "max_length", "min_length", "pattern", "searchable", "options", "min", "max", "precision", "scale",
            "references", "on_delete", "accept", "max_size", "auto_now_add", "auto_now", "auto_user_add", "auto_user"));
    private static final Set<String> TEXT_KEYS = Set.of("max_length", "min_length", "pattern", "searchable");
    private static final Map<String, Set<String>> TYPE_KEYS = Map.ofEntries(
            Map.entry("primary_key", Set.of()),
            Map.entry("string", TEXT_KEYS), Map.entry("text", TEXT_KEYS),
            Map.entry("email", TEXT_KEYS), Map.entry("url", TEXT_KEYS),
            Map.entry("select", union(TEXT_KEYS, Set.of("options"))),
            Map.entry("integer", Set.of("min", "max")),
            Map.entry("decimal", Set.of("min", "max", "precision", "scale")),
            Map.entry("boolean", Set.of()),
            Map.entry("date", Set.of("auto_now_add", "auto_now")),
            Map.entry("timestamp", Set.of("auto_now_add", "auto_now")),
            Map.entry("json", Set.of()),
            Map.entry("foreign_key", Set.of("references", "on_delete", "auto_user_add", "auto_user")),
            Map.entry("many_to_many", Set.of("references")),
            Map.entry("file", Set.of("accept", "max_size")));
    private static final Set<String> ANY_TYPE_KEYS = Set.of("type", "required", "unique", "default", "index",
            "renamed_from", "ui", "label", "description");
    /** Types where a unique value makes no sense (a unique boolean column would hold two rows). */
    private static final Set<String> NEVER_UNIQUE = Set.of("many_to_many", "json", "file", "boolean", "primary_key");
    private static final Set<String> UI_KEYS = Set.of("component", "variant", "colors", "placeholder", "help_text",
            "readonly", "rows", "prefix", "suffix", "step", "default_current_user");
    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(b|kb|k|mb|m|gb|g)?\\s*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** A field's {@code references:}, checked once every file of the app is read. */
    record Reference(String target, Node node, String field) {}

    private final Reads reads;
    private final Diagnostics diagnostics;
    private final List<Reference> references;

    FieldReader(Reads reads, List<Reference> references) {
        this.reads = reads;
        this.diagnostics = reads.diagnostics;
        this.references = references;
    }

    /** The field, or {@code null} when it has errors (they are reported). */
    Field read(String name, Node nameNode, Node node) {
        var errorsBefore = diagnostics.errorCount();
        if (!Identifiers.isValid(name)) {
            diagnostics.error(nameNode, "field name `" + name + "` must be lower case letters, digits and _ , starting with a letter (at most "
                    + Identifiers.MAX_LENGTH + ")");
            return null;
        }
        if (node instanceof ScalarNode && !((ScalarNode) node).getTag().equals(Tag.NULL)) {
            return shorthand(name, node);
        }
        var mapping = reads.mapping(node, "field `" + name + "`");
        if (mapping == null) {
            return null;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, KEYS, " in field `" + name + "`");
        var typeEntry = entries.get("type");
        if (typeEntry == null) {
            diagnostics.error(nameNode, "field `" + name + "` needs a `type` (one of " + String.join(", ", FieldType.NAMES) + ")");
            return null;
        }
        var typeName = typeName(typeEntry.value());
        if (typeName == null) {
            return null;
        }
        warnInapplicable(name, typeName, entries);
        var type = type(name, typeName, entries);
        var required = flag(entries, "required");
        var unique = flag(entries, "unique") == Boolean.TRUE && !NEVER_UNIQUE.contains(typeName);
        var maxLength = optionalInt(entries, "max_length", 1, Integer.MAX_VALUE);
        var minLength = optionalInt(entries, "min_length", 0, Integer.MAX_VALUE);
        var min = optionalNumber(entries, "min");
        var max = optionalNumber(entries, "max");
        var pattern = pattern(entries.get("pattern"));
        var auto = auto(entries);
        var renamedFrom = renamedFrom(name, entries.get("renamed_from"));
        var ui = ui(name, typeName, entries);
        if (maxLength != null && minLength != null && minLength > maxLength) {
            diagnostics.error(entries.get("min_length").value(), "min_length " + minLength + " is above max_length " + maxLength);
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            diagnostics.error(entries.get("min").value(), "min " + min.toPlainString() + " is above max " + max.toPlainString());
        }
        if (type instanceof FieldType.ForeignKey fk && fk.onDelete() == FieldType.OnDelete.SET_NULL && Boolean.TRUE.equals(required)) {
            diagnostics.error(entries.get("on_delete").value(), "on_delete: set_null cannot clear a required field; use restrict or cascade");
        }
        if (type == null || diagnostics.errorCount() > errorsBefore) {
            return null;
        }
        var field = new Field(name, type, Boolean.TRUE.equals(required), unique, null,
                maxLength, minLength, min, max, pattern, Boolean.TRUE.equals(flag(entries, "searchable")),
                Boolean.TRUE.equals(flag(entries, "index")), auto, renamedFrom, ui, diagnostics.at(nameNode));
        var defaultEntry = entries.get("default");
        if (defaultEntry == null || isNull(defaultEntry.value())) {
            return field;
        }
        if (type instanceof FieldType.ManyToMany || type instanceof FieldType.File) {
            diagnostics.warning(defaultEntry.keyNode(), "a " + typeName + " field takes no default (field `" + name + "`); not used");
            return field;
        }
        if (type instanceof FieldType.PrimaryKey) {
            return field;
        }
        var value = new DefaultValue(reads, field).read(defaultEntry.value());
        return value == null ? null : withDefault(field, value);
    }

    private Field shorthand(String name, Node node) {
        var typeName = typeName(node);
        if (typeName == null) {
            return null;
        }
        var needs = switch (typeName) {
            case "select" -> "options";
            case "foreign_key", "many_to_many" -> "references";
            default -> null;
        };
        if (needs != null) {
            diagnostics.error(node, "a " + typeName + " field needs `" + needs + "`; write `" + name + ": {type: " + typeName + ", " + needs + ": …}`");
            return null;
        }
        return new Field(name, type(name, typeName, Map.of()), false, false, null, null, null, null, null, null,
                false, false, Set.of(), null, UiHints.NONE, diagnostics.at(node));
    }

    private String typeName(Node node) {
        var value = reads.string(node, "`type`");
        if (value == null) {
            return null;
        }
        if (FieldType.NAMES.contains(value)) {
            return value;
        }
        var suggestion = Suggestions.closest(value, FieldType.NAMES);
        diagnostics.error(node, "unknown type `" + value + "`" + suggestion.map(s -> ": did you mean `" + s + "`?")
                .orElse("; the types are " + String.join(", ", FieldType.NAMES)));
        return null;
    }

    private FieldType type(String name, String typeName, Map<String, Reads.Entry> entries) {
        return switch (typeName) {
            case "primary_key" -> new FieldType.PrimaryKey();
            case "string" -> new FieldType.Text(FieldType.TextKind.STRING);
            case "text" -> new FieldType.Text(FieldType.TextKind.TEXT);
            case "email" -> new FieldType.Text(FieldType.TextKind.EMAIL);
            case "url" -> new FieldType.Text(FieldType.TextKind.URL);
            case "select" -> select(name, entries);
            case "integer" -> new FieldType.Integer();
            case "decimal" -> decimal(entries);
            case "boolean" -> new FieldType.Bool();
            case "date" -> new FieldType.Date();
            case "timestamp" -> new FieldType.Timestamp();
            case "json" -> new FieldType.Json();
            case "foreign_key" -> foreignKey(name, entries);
            case "many_to_many" -> {
                var target = reference(name, entries);
                yield target == null ? null : new FieldType.ManyToMany(target);
            }
            case "file" -> file(entries);
            default -> throw new IllegalStateException("unhandled type " + typeName);
        };
    }

    private FieldType select(String name, Map<String, Reads.Entry> entries) {
        var entry = entries.get("options");
        if (entry == null) {
            diagnostics.error(entries.get("type").value(), "select field `" + name + "` needs `options: [...]`");
            return null;
        }
        var options = reads.strings(entry.value(), "`options`");
        if (options == null) {
            return null;
        }
        if (options.isEmpty()) {
            diagnostics.error(entry.value(), "`options` must list at least one value");
            return null;
        }
        var seen = new HashSet<String>();
        for (var option : options) {
            if (option.isEmpty() || !seen.add(option)) {
                diagnostics.error(entry.value(), option.isEmpty() ? "an option must not be empty" : "option `" + option + "` is listed twice");
                return null;
            }
        }
        return new FieldType.Select(options);
    }

    private FieldType decimal(Map<String, Reads.Entry> entries) {
        var precision = optionalInt(entries, "precision", 1, 38);
        var scale = optionalInt(entries, "scale", 0, 38);
        var p = precision == null ? FieldType.Decimal.DEFAULT_PRECISION : precision;
        var s = scale == null ? Math.min(FieldType.Decimal.DEFAULT_SCALE, p) : scale;
        if (s > p) {
            diagnostics.error(entries.get("scale").value(), "scale " + s + " is above precision " + p);
            return null;
        }
        return new FieldType.Decimal(p, s);
    }

    private FieldType foreignKey(String name, Map<String, Reads.Entry> entries) {
        var target = reference(name, entries);
        var onDelete = FieldType.OnDelete.RESTRICT;
        var entry = entries.get("on_delete");
        if (entry != null) {
            var value = reads.string(entry.value(), "`on_delete`");
            if (value == null) {
                return null;
            }
            var names = List.of("restrict", "cascade", "set_null");
            if (!names.contains(value)) {
                diagnostics.error(entry.value(), "on_delete must be restrict, cascade or set_null, not `" + value + "`"
                        + Suggestions.closest(value, names).map(s -> ": did you mean `" + s + "`?").orElse(""));
                return null;
            }
            onDelete = FieldType.OnDelete.valueOf(value.toUpperCase(Locale.ROOT));
        }
        return target == null ? null : new FieldType.ForeignKey(target, onDelete);
    }

    private String reference(String name, Map<String, Reads.Entry> entries) {
        var entry = entries.get("references");
        if (entry == null) {
            diagnostics.error(entries.get("type").value(), "field `" + name + "` needs `references: <resource>`");
            return null;
        }
        var target = reads.string(entry.value(), "`references`");
        if (target == null) {
            return null;
        }
        if (!Identifiers.isValid(target)) {
            diagnostics.error(entry.value(), "`references: " + target + "` is not a resource name");
            return null;
        }
        references.add(new Reference(target, entry.value(), name));
        return target;
    }

    private FieldType file(Map<String, Reads.Entry> entries) {
        List<String> accept = List.of();
        var acceptEntry = entries.get("accept");
        if (acceptEntry != null) {
            accept = reads.strings(acceptEntry.value(), "`accept`");
            if (accept == null) {
                return null;
            }
            for (var item : accept) {
                if (!item.matches("(\\.[A-Za-z0-9]+)|([a-z]+/([a-z0-9.+-]+|\\*))")) {
                    diagnostics.error(acceptEntry.value(), "accept `" + item + "` must be a MIME type (image/png, image/*) or an extension (.pdf)");
                    return null;
                }
            }
        }
        var maxSize = FieldType.File.DEFAULT_MAX_SIZE;
        var sizeEntry = entries.get("max_size");
        if (sizeEntry != null) {
            var size = size(sizeEntry.value());
            if (size == null) {
                return null;
            }
            maxSize = size;
        }
        return new FieldType.File(accept, maxSize);
    }

    private Long size(Node node) {
        var text = reads.string(node, "`max_size`");
        if (text == null) {
            return null;
        }
        var matcher = SIZE.matcher(text);
        if (matcher.matches()) {
            var unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
            var factor = switch (unit.charAt(0)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            var bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(factor));
            if (bytes.signum() > 0 && bytes.compareTo(BigDecimal.valueOf(1024L * 1024 * 1024)) <= 0) {
                return bytes.longValue();
            }
        }
        diagnostics.error(node, "max_size must be a size from 1 B to 1 GB such as 500KB or 5MB, not `" + text + "`");
        return null;
    }

    private void warnInapplicable(String name, String typeName, Map<String, Reads.Entry> entries) {
        var applicable = TYPE_KEYS.get(typeName);
        for (var entry : entries.values()) {
            var key = entry.key();
            if (KEYS.contains(key) && !ANY_TYPE_KEYS.contains(key) && !applicable.contains(key)) {
                diagnostics.warning(entry.keyNode(), "`" + key + "` does not apply to " + typeName + " fields (field `" + name + "`); not used");
            }
        }
        if (typeName.equals("primary_key")) {
            for (var key : List.of("required", "unique", "default", "index")) {
                if (entries.containsKey(key)) {
                    diagnostics.warning(entries.get(key).keyNode(), "`" + key + "` is implied for a primary key (field `" + name + "`); not used");
                }
            }
        }
        if (NEVER_UNIQUE.contains(typeName) && !typeName.equals("primary_key") && entries.containsKey("unique")) {
            diagnostics.warning(entries.get("unique").keyNode(), "`unique` does not apply to " + typeName + " fields; not used");
        }
    }

    private Boolean flag(Map<String, Reads.Entry> entries, String key) {
        var entry = entries.get(key);
        return entry == null ? null : reads.bool(entry.value(), "`" + key + "`");
    }

    private Integer optionalInt(Map<String, Reads.Entry> entries, String key, int min, int max) {
        var entry = entries.get(key);
        return entry == null ? null : reads.integer(entry.value(), "`" + key + "`", min, max);
    }

    private BigDecimal optionalNumber(Map<String, Reads.Entry> entries, String key) {
        var entry = entries.get(key);
        return entry == null ? null : reads.number(entry.value(), "`" + key + "`");
    }

    private String pattern(Reads.Entry entry) {
        if (entry == null) {
            return null;
        }
        var value = reads.string(entry.value(), "`pattern`");
        if (value == null) {
            return null;
        }
        try {
            Pattern.compile(value);
            return value;
        } catch (PatternSyntaxException e) {
            diagnostics.error(entry.value(), "pattern is not a valid regular expression: " + e.getDescription());
            return null;
        }
    }

    private Set<Auto> auto(Map<String, Reads.Entry> entries) {
        var auto = EnumSet.noneOf(Auto.class);
        for (var kind : Auto.values()) {
            if (Boolean.TRUE.equals(flag(entries, kind.yamlName()))) {
                auto.add(kind);
            }
        }
        return auto;
    }

    private String renamedFrom(String name, Reads.Entry entry) {
        if (entry == null) {
            return null;
        }
        var value = reads.string(entry.value(), "`renamed_from`");
        if (value != null && (!Identifiers.isValid(value) || value.equals(name))) {
            diagnostics.error(entry.value(), "renamed_from must name the field's previous name, other than `" + name + "`");
            return null;
        }
        return value;
    }

    private UiHints ui(String name, String typeName, Map<String, Reads.Entry> entries) {
        var label = optionalString(entries.get("label"), "`label`");
        var description = optionalString(entries.get("description"), "`description`");
        var entry = entries.get("ui");
        if (entry == null || isNull(entry.value())) {
            return new UiHints(label, description, null, null, Map.of(), null, null, false, null, null, null, null, false);
        }
        var mapping = reads.mapping(entry.value(), "`ui`");
        if (mapping == null) {
            return UiHints.NONE;
        }
        var ui = reads.entries(mapping);
        reads.checkKeys(ui, UI_KEYS, " in the ui of field `" + name + "`");
        var readonly = ui.containsKey("readonly") && Boolean.TRUE.equals(reads.bool(ui.get("readonly").value(), "`readonly`"));
        var currentUser = ui.containsKey("default_current_user")
                && Boolean.TRUE.equals(reads.bool(ui.get("default_current_user").value(), "`default_current_user`"));
        if (currentUser && !typeName.equals("foreign_key")) {
            diagnostics.warning(ui.get("default_current_user").keyNode(), "default_current_user applies to foreign_key fields; not used");
            currentUser = false;
        }
        var rows = ui.containsKey("rows") ? reads.integer(ui.get("rows").value(), "`rows`", 1, 200) : null;
        var step = ui.containsKey("step") ? reads.number(ui.get("step").value(), "`step`") : null;
        return new UiHints(label, description,
                optionalString(ui.get("component"), "`component`"), optionalString(ui.get("variant"), "`variant`"),
                colors(ui.get("colors")), optionalString(ui.get("placeholder"), "`placeholder`"),
                optionalString(ui.get("help_text"), "`help_text`"), readonly, rows,
                optionalString(ui.get("prefix"), "`prefix`"), optionalString(ui.get("suffix"), "`suffix`"), step, currentUser);
    }

    private Map<String, String> colors(Reads.Entry entry) {
        if (entry == null) {
            return Map.of();
        }
        var mapping = reads.mapping(entry.value(), "`colors`");
        if (mapping == null) {
            return Map.of();
        }
        var colors = new LinkedHashMap<String, String>();
        reads.entries(mapping).forEach((key, color) -> {
            var value = reads.string(color.value(), "colour of `" + key + "`");
            if (value != null) {
                colors.put(key, value);
            }
        });
        return colors;
    }

    private String optionalString(Reads.Entry entry, String what) {
        return entry == null || isNull(entry.value()) ? null : reads.string(entry.value(), what);
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static Field withDefault(Field f, Object value) {
        return new Field(f.name(), f.type(), f.required(), f.unique(), value, f.maxLength(), f.minLength(), f.min(),
                f.max(), f.pattern(), f.searchable(), f.indexed(), f.auto(), f.renamedFrom(), f.ui(), f.location());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** A field's {@code default:}, converted to the field's type and checked against its own rules. */
    private static final class DefaultValue {
        private final Reads reads;
        private final Field field;

        DefaultValue(Reads reads, Field field) {
            this.reads = reads;
            this.field = field;
        }

        Object read(Node node) {
            var type = field.type();
            if (type instanceof FieldType.Json) {
                return reads.plain(node, "the default of `" + field.name() + "`");
            }
            if (!(node instanceof ScalarNode scalar)) {
                return fail(node, "must be a single value");
            }
            if (type instanceof FieldType.Text || type instanceof FieldType.Select) {
                return text(scalar);
            }
            if (type instanceof FieldType.Integer || type instanceof FieldType.ForeignKey) {
                var number = reads.number(node, "the default of `" + field.name() + "`");
                if (number == null) {
                    return null;
                }
                try {
                    return inRange(node, number) ? number.longValueExact() : null;
                } catch (ArithmeticException e) {
                    return fail(node, "must be a whole number");
                }
            }
            if (type instanceof FieldType.Decimal decimal) {
                var number = reads.number(node, "the default of `" + field.name() + "`");
                if (number == null || !inRange(node, number)) {
                    return null;
                }
                if (number.stripTrailingZeros().scale() > decimal.scale()
                        || number.precision() - number.scale() > decimal.precision() - decimal.scale()) {
                    return fail(node, "does not fit decimal(" + decimal.precision() + "," + decimal.scale() + ")");
                }
                return number;
            }
            if (type instanceof FieldType.Bool) {
                return reads.bool(node, "the default of `" + field.name() + "`");
            }
            if (type instanceof FieldType.Date) {
                try {
                    return LocalDate.parse(scalar.getValue());
                } catch (DateTimeParseException e) {
                    return fail(node, "must be a date like 2026-11-25");
                }
            }
            if (type instanceof FieldType.Timestamp) {
                try {
                    return OffsetDateTime.parse(scalar.getValue()).toInstant();
                } catch (DateTimeParseException e) {
                    try {
                        return Instant.parse(scalar.getValue());
                    } catch (DateTimeParseException again) {
                        return fail(node, "must be a timestamp like 2026-11-25T20:00:00Z (use auto_now_add for the time of creation)");
                    }
                }
            }
            throw new IllegalStateException("unhandled type " + type);
        }

        private Object text(ScalarNode node) {
            var value = node.getValue();
            if (field.type() instanceof FieldType.Select select && !select.options().contains(value)) {
                return fail(node, "`" + value + "` is not one of the options " + select.options());
            }
            if (field.maxLength() != null && value.codePointCount(0, value.length()) > field.maxLength()) {
                return fail(node, "is longer than max_length " + field.maxLength());
            }
            if (field.minLength() != null && value.codePointCount(0, value.length()) < field.minLength()) {
                return fail(node, "is shorter than min_length " + field.minLength());
            }
            if (field.pattern() != null && !Pattern.compile(field.pattern()).matcher(value).matches()) {
                return fail(node, "does not match the pattern");
            }
            if (field.type() instanceof FieldType.Text text && text.kind() == FieldType.TextKind.EMAIL && !EMAIL.matcher(value).matches()) {
                return fail(node, "is not an email address");
            }
            return value;
        }

        private boolean inRange(Node node, BigDecimal number) {
            if (field.min() != null && number.compareTo(field.min()) < 0) {
                fail(node, "is below min " + field.min().toPlainString());
                return false;
            }
            if (field.max() != null && number.compareTo(field.max()) > 0) {
                fail(node, "is above max " + field.max().toPlainString());
                return false;
            }
            return true;
        }

        private Object fail(Node node, String problem) {
            reads.diagnostics.error(node, "default of `" + field.name() + "` " + problem);
            return null;
        }
    }

}
