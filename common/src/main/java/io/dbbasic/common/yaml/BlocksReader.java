package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.HookEvent;
import io.dbbasic.common.model.Hooks;
import io.dbbasic.common.model.InterfaceOptions;
import io.dbbasic.common.model.UiOptions;
import io.dbbasic.common.model.Workflow;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads the smaller blocks of a resource: {@code hooks}, {@code interface}, {@code workflow} and {@code ui}. */
final class BlocksReader {
    static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final List<String> INTERFACE_KEYS = List.of("list_display", "search_fields", "list_filters", "ordering", "per_page", "form_layout");
    private static final List<String> SECTION_KEYS = List.of("section", "columns", "fields");
    private static final List<String> WORKFLOW_KEYS = List.of("field", "initial", "states");
    private static final List<String> STATE_KEYS = List.of("transitions", "actions");

    private final Reads reads;
    private final Diagnostics diagnostics;
    private final Map<String, Field> fields;

    BlocksReader(Reads reads, Map<String, Field> fields) {
        this.reads = reads;
        this.diagnostics = reads.diagnostics;
        this.fields = fields;
    }

    Hooks hooks(Node node) {
        var mapping = reads.mapping(node, "`hooks`");
        if (mapping == null) {
            return Hooks.NONE;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, HookEvent.yamlNames(), " in hooks");
        var byEvent = new EnumMap<HookEvent, List<String>>(HookEvent.class);
        for (var event : HookEvent.values()) {
            var entry = entries.get(event.yamlName());
            if (entry != null) {
                var names = serviceNames(entry.value(), "`" + event.yamlName() + "`");
                if (names != null) {
                    byEvent.put(event, names);
                }
            }
        }
        return new Hooks(byEvent);
    }

    private List<String> serviceNames(Node node, String what) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            return List.of();
        }
        var names = reads.strings(node, what);
        if (names == null) {
            return null;
        }
        for (var name : names) {
            if (!SERVICE_NAME.matcher(name).matches()) {
                diagnostics.error(node, "`" + name + "` is not a hook service name (lower-case letters, digits, _ and -)");
                return null;
            }
        }
        return names;
    }

    InterfaceOptions interfaceOptions(Node node) {
        var mapping = reads.mapping(node, "`interface`");
        if (mapping == null) {
            return InterfaceOptions.DEFAULT;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, INTERFACE_KEYS, java.util.Set.of("detail_layout"), " in interface");
        var perPageEntry = entries.get("per_page");
        var perPage = perPageEntry == null ? null : reads.integer(perPageEntry.value(), "`per_page`", 1, 1000);
        return new InterfaceOptions(fieldList(entries.get("list_display")), fieldList(entries.get("search_fields")),
                fieldList(entries.get("list_filters")), fieldList(entries.get("ordering")),
                perPage == null ? InterfaceOptions.DEFAULT_PER_PAGE : perPage, formLayout(entries.get("form_layout")));
    }

    /**
     * {@code form_layout}: a list of sections, each {@code {section: Title, columns: 2, fields: [a, b]}}. A field
     * named twice is an error; one that is not a field is left out with a warning (as in {@code list_display}).
     */
    private List<InterfaceOptions.FormSection> formLayout(Reads.Entry entry) {
        if (entry == null) {
            return List.of();
        }
        if (!(entry.value() instanceof org.yaml.snakeyaml.nodes.SequenceNode sequence)) {
            diagnostics.error(entry.value(), "`form_layout` must be a list of sections like `{section: Content, fields: [title, body]}`");
            return List.of();
        }
        var sections = new ArrayList<InterfaceOptions.FormSection>();
        var placed = new java.util.HashSet<String>();
        for (var item : sequence.getValue()) {
            var mapping = reads.mapping(item, "a form_layout section");
            if (mapping == null) {
                continue;
            }
            var entries = reads.entries(mapping);
            reads.checkKeys(entries, SECTION_KEYS, " in a form_layout section");
            var title = entries.containsKey("section") ? reads.string(entries.get("section").value(), "`section`") : null;
            var columnsEntry = entries.get("columns");
            var columns = columnsEntry == null ? null : reads.integer(columnsEntry.value(), "`columns`", 1, InterfaceOptions.FormSection.MAX_COLUMNS);
            var fieldsEntry = entries.get("fields");
            if (fieldsEntry == null) {
                diagnostics.error(item, "a form_layout section needs `fields:`, the fields it shows");
                continue;
            }
            var names = fieldList(fieldsEntry);
            for (var name : names) {
                if (!placed.add(name)) {
                    diagnostics.error(fieldsEntry.value(), "`" + name + "` is in more than one form_layout section");
                }
            }
            sections.add(new InterfaceOptions.FormSection(title == null ? "" : title, columns == null ? 1 : columns, names));
        }
        return sections;
    }

    /** Field names for the admin UI; a name that is not a field is left out with a warning. */
    private List<String> fieldList(Reads.Entry entry) {
        if (entry == null) {
            return List.of();
        }
        var names = reads.strings(entry.value(), "`" + entry.key() + "`");
        if (names == null) {
            return List.of();
        }
        var kept = new ArrayList<String>();
        for (var name : names) {
            var bare = entry.key().equals("ordering") && name.startsWith("-") ? name.substring(1) : name;
            if (fields.containsKey(bare)) {
                kept.add(name);
            } else {
                diagnostics.warning(entry.value(), "`" + entry.key() + "` names `" + bare + "`, which is not a field; not used");
            }
        }
        return kept;
    }

    Workflow workflow(Node node) {
        var mapping = reads.mapping(node, "`workflow`");
        if (mapping == null) {
            return null;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, WORKFLOW_KEYS, " in workflow");
        var fieldName = Workflow.DEFAULT_FIELD;
        if (entries.containsKey("field")) {
            fieldName = reads.string(entries.get("field").value(), "`field`");
            if (fieldName == null) {
                return null;
            }
        }
        var field = fields.get(fieldName);
        if (field == null || !(field.type() instanceof FieldType.Select select)) {
            var where = entries.containsKey("field") ? entries.get("field").value() : node;
            diagnostics.error(where, "the workflow needs a select field `" + fieldName + "` holding the state");
            return null;
        }
        var statesEntry = entries.get("states");
        if (statesEntry == null) {
            diagnostics.error(node, "the workflow needs `states:`, each with its `transitions`");
            return null;
        }
        var statesMap = reads.mapping(statesEntry.value(), "`states`");
        if (statesMap == null) {
            return null;
        }
        var states = new LinkedHashMap<String, Workflow.State>();
        var stateEntries = reads.entries(statesMap);
        for (var entry : stateEntries.values()) {
            if (!isOption(select, entry.key(), entry.keyNode())) {
                return null;
            }
            var state = state(entry, select, stateEntries.keySet());
            if (state == null) {
                return null;
            }
            states.put(entry.key(), state);
        }
        List<String> initial = List.of();
        if (entries.containsKey("initial")) {
            var initialNode = entries.get("initial").value();
            initial = reads.strings(initialNode, "`initial`");
            if (initial == null) {
                return null;
            }
            for (var name : initial) {
                if (!states.containsKey(name)) {
                    diagnostics.error(initialNode, "initial state `" + name + "` is not one of the states " + states.keySet());
                    return null;
                }
            }
        }
        return new Workflow(fieldName, initial, states);
    }

    private Workflow.State state(Reads.Entry entry, FieldType.Select select, java.util.Set<String> stateNames) {
        var value = entry.value();
        if (value instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
            return new Workflow.State(List.of(), List.of());
        }
        var mapping = reads.mapping(value, "state `" + entry.key() + "`");
        if (mapping == null) {
            return null;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, STATE_KEYS, " in state `" + entry.key() + "`");
        List<String> transitions = List.of();
        if (entries.containsKey("transitions")) {
            var node = entries.get("transitions").value();
            transitions = reads.strings(node, "`transitions`");
            if (transitions == null) {
                return null;
            }
            for (var target : transitions) {
                if (!isOption(select, target, node)) {
                    return null;
                }
                if (!stateNames.contains(target)) {
                    diagnostics.error(node, "transition to `" + target + "`, which is not one of the states " + stateNames);
                    return null;
                }
            }
        }
        List<String> actions = List.of();
        if (entries.containsKey("actions")) {
            actions = serviceNames(entries.get("actions").value(), "`actions`");
            if (actions == null) {
                return null;
            }
        }
        return new Workflow.State(transitions, actions);
    }

    private boolean isOption(FieldType.Select select, String value, Node node) {
        if (select.options().contains(value)) {
            return true;
        }
        diagnostics.error(node, "`" + value + "` is not one of the options " + select.options()
                + Suggestions.closest(value, select.options()).map(s -> ": did you mean `" + s + "`?").orElse(""));
        return false;
    }

    UiOptions ui(Node node, Workflow workflow) {
        var mapping = reads.mapping(node, "`ui`");
        if (mapping == null) {
            return UiOptions.DEFAULT;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, List.of("components"), java.util.Set.of("theme", "layout", "css_classes"), " in ui");
        var components = entries.get("components");
        if (components == null) {
            return UiOptions.DEFAULT;
        }
        var componentsMap = reads.mapping(components.value(), "`components`");
        if (componentsMap == null) {
            return UiOptions.DEFAULT;
        }
        var componentEntries = reads.entries(componentsMap);
        reads.checkKeys(componentEntries, List.of("list"), " in ui.components");
        var list = componentEntries.get("list");
        if (list == null) {
            return UiOptions.DEFAULT;
        }
        var listMap = reads.mapping(list.value(), "`list`");
        if (listMap == null) {
            return UiOptions.DEFAULT;
        }
        var listEntries = reads.entries(listMap);
        reads.checkKeys(listEntries, List.of("variant"), " in ui.components.list");
        var variant = listEntries.get("variant");
        if (variant == null) {
            return UiOptions.DEFAULT;
        }
        var name = reads.string(variant.value(), "`variant`");
        if (name == null) {
            return UiOptions.DEFAULT;
        }
        switch (name) {
            case "table":
                return UiOptions.DEFAULT;
            case "kanban":
                var hasSelect = workflow != null || fields.values().stream().anyMatch(f -> f.type() instanceof FieldType.Select);
                if (!hasSelect) {
                    diagnostics.error(variant.value(), "a kanban list groups by a workflow or select field; this resource has neither");
                }
                return new UiOptions(UiOptions.ListVariant.KANBAN);
            default:
                diagnostics.error(variant.value(), "the list variant is `table` or `kanban`, not `" + name + "`"
                        + Suggestions.closest(name, List.of("table", "kanban")).map(s -> ": did you mean `" + s + "`?").orElse(""));
                return UiOptions.DEFAULT;
        }
    }
}
