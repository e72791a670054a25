package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.Identifiers;
import io.dbbasic.common.model.Permissions;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.Rule;
import io.dbbasic.common.model.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Reads one resource file's node tree into a {@link Resource}; cross-file checks come later in {@link AppLoader}. */
final class ResourceReader {
    static final List<String> KEYS = List.of("resource", "database", "title", "description", "fields", "hooks",
            "permissions", "api", "interface", "workflow", "ui", "auth", "hooks_policy");
    /** Blocks that other DBBasic versions wrote: always "not used", never mistaken for typos. */
    static final Set<String> OTHER_VERSIONS = Set.of("seo", "analytics", "recommendations", "search", "inventory",
            "integrations", "fraud_detection");
    private static final Pattern DATABASE_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    /** What one file yields: the resource when it has no errors, and what the app-level checks need. */
    record Result(String declaredName, Node nameNode, Resource resource, Node basePathNode, List<FieldReader.Reference> references) {}

    private final Reads reads;
    private final Diagnostics diagnostics;

    ResourceReader(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.reads = new Reads(diagnostics);
    }

    Result read(Node root) {
        var references = new ArrayList<FieldReader.Reference>();
        var empty = new Result(null, root, null, null, references);
        if (!(root instanceof MappingNode mapping)) {
            diagnostics.error(root, "a resource file is a mapping with at least `resource:` and `fields:`, not " + Reads.describe(root));
            return empty;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, KEYS, OTHER_VERSIONS, "");
        var name = name(entries.get("resource"), root);
        var fields = fields(entries.get("fields"), root, references);
        var database = database(entries.get("database"));
        var title = optionalString(entries.get("title"));
        var description = optionalString(entries.get("description"));
        var auth = entries.containsKey("auth") && Boolean.TRUE.equals(reads.bool(entries.get("auth").value(), "`auth`"));
        var strictHooks = hooksPolicy(entries.get("hooks_policy"));
        var byName = new LinkedHashMap<String, Field>();
        fields.forEach(f -> byName.put(f.name(), f));
        var blocks = new BlocksReader(reads, byName);
        var workflow = entries.containsKey("workflow") ? blocks.workflow(entries.get("workflow").value()) : null;
        var statusField = workflow != null ? workflow.field() : Workflow.DEFAULT_FIELD;
        var permissions = entries.containsKey("permissions")
                ? new PermissionsReader(reads, byName, statusField).read(entries.get("permissions").value())
                : Permissions.DEFAULT;
        var hooks = entries.containsKey("hooks") ? blocks.hooks(entries.get("hooks").value()) : io.dbbasic.common.model.Hooks.NONE;
        var basePathNode = new Node[1];
        var api = new ApiReader(reads, byName).read(name == null ? "resource" : name,
                entries.containsKey("api") ? entries.get("api").value() : null, basePathNode);
        var iface = entries.containsKey("interface") ? blocks.interfaceOptions(entries.get("interface").value())
                : io.dbbasic.common.model.InterfaceOptions.DEFAULT;
        var ui = entries.containsKey("ui") ? blocks.ui(entries.get("ui").value(), workflow) : io.dbbasic.common.model.UiOptions.DEFAULT;
        warnAboutOwnerRules(permissions, fields, entries.get("permissions"));
        if (name == null || diagnostics.hasErrors()) {
            return new Result(name, nameNode(entries, root), null, basePathNode[0], references);
        }
        var resource = new Resource(name, database, title, description, fields, hooks, permissions, api, iface,
                workflow, ui, auth, strictHooks, diagnostics.at(nameNode(entries, root)));
        return new Result(name, nameNode(entries, root), resource, basePathNode[0], references);
    }

    private static Node nameNode(java.util.Map<String, Reads.Entry> entries, Node root) {
        return entries.containsKey("resource") ? entries.get("resource").value() : root;
    }

    private String name(Reads.Entry entry, Node root) {
        if (entry == null) {
            diagnostics.error(root, "missing `resource:` (the resource's name, like `resource: posts`)");
            return null;
        }
        var name = reads.string(entry.value(), "`resource`");
        if (name == null) {
            return null;
        }
        if (!Identifiers.isValid(name)) {
            diagnostics.error(entry.value(), "resource name `" + name + "` must be lower case letters, digits and _ , starting with a letter (at most "
                    + Identifiers.MAX_LENGTH + ")");
            return null;
        }
        if (Identifiers.RESERVED_RESOURCES.contains(name)) {
            diagnostics.error(entry.value(), "`" + name + "` is reserved for DBBasic's own paths; choose another resource name");
            return null;
        }
        return name;
    }

    private List<Field> fields(Reads.Entry entry, Node root, List<FieldReader.Reference> references) {
        if (entry == null) {
            diagnostics.error(root, "missing `fields:` (at least one field, like `title: {type: string}`)");
            return List.of();
        }
        var mapping = reads.mapping(entry.value(), "`fields`");
        if (mapping == null) {
            return List.of();
        }
        var entries = reads.entries(mapping);
        if (entries.isEmpty()) {
            diagnostics.error(entry.value(), "`fields` is empty; declare at least one field");
            return List.of();
        }
        var reader = new FieldReader(reads, references);
        var fields = new ArrayList<Field>();
        for (var field : entries.values()) {
            var read = reader.read(field.key(), field.keyNode(), field.value());
            if (read != null) {
                fields.add(read);
            }
        }
        checkPrimaryKey(fields, entries, entry.keyNode());
        checkRenames(fields, entries);
        return fields;
    }

    private void checkPrimaryKey(List<Field> fields, java.util.Map<String, Reads.Entry> entries, Node fieldsNode) {
        var keys = fields.stream().filter(Field::isPrimaryKey).toList();
        if (keys.size() > 1) {
            diagnostics.error(entries.get(keys.get(1).name()).keyNode(), "a resource has one primary_key; `" + keys.get(0).name()
                    + "` is already it");
        } else if (keys.isEmpty()) {
            if (entries.containsKey("id")) {
                diagnostics.error(entries.get("id").keyNode(), "no field is the primary_key, and `id` is taken by another type; "
                        + "declare one field with `type: primary_key`");
            } else {
                fields.add(0, Field.implicitId(diagnostics.at(fieldsNode)));
            }
        }
    }

    private void checkRenames(List<Field> fields, java.util.Map<String, Reads.Entry> entries) {
        var seen = new LinkedHashMap<String, String>();
        for (var field : fields) {
            var from = field.renamedFrom();
            if (from == null) {
                continue;
            }
            var where = entries.get(field.name()).keyNode();
            if (entries.containsKey(from)) {
                diagnostics.error(where, "`" + field.name() + "` is renamed_from `" + from + "`, but `" + from + "` is still declared");
            } else if (seen.putIfAbsent(from, field.name()) != null) {
                diagnostics.error(where, "`" + from + "` is renamed to both `" + seen.get(from) + "` and `" + field.name() + "`");
            }
        }
    }

    private String database(Reads.Entry entry) {
        if (entry == null) {
            return Resource.DEFAULT_DATABASE;
        }
        var file = reads.string(entry.value(), "`database`");
        if (file == null) {
            return Resource.DEFAULT_DATABASE;
        }
        if (!DATABASE_FILE.matcher(file).matches() || file.contains("..")) {
            diagnostics.error(entry.value(), "database must be a file name under the data dir, like blog.duckdb, not `" + file + "`");
        }
        return file;
    }

    private boolean hooksPolicy(Reads.Entry entry) {
        if (entry == null) {
            return false;
        }
        var value = reads.string(entry.value(), "`hooks_policy`");
        if (value != null && !value.equals("strict") && !value.equals("lenient")) {
            diagnostics.error(entry.value(), "hooks_policy is `strict` or `lenient`, not `" + value + "`");
        }
        return "strict".equals(value);
    }

    private String optionalString(Reads.Entry entry) {
        return entry == null ? null : reads.string(entry.value(), "`" + entry.key() + "`");
    }

    private void warnAboutOwnerRules(Permissions permissions, List<Field> fields, Reads.Entry entry) {
        if (entry == null || fields.stream().anyMatch(Field::marksOwner)) {
            return;
        }
        var usesOwner = permissions.rules().values().stream().anyMatch(ResourceReader::mentionsOwner);
        if (usesOwner) {
            diagnostics.warning(entry.keyNode(), "`owner` rules grant only admins here: no field records the owner "
                    + "(a foreign_key with auto_user_add or ui.default_current_user)");
        }
    }

    private static boolean mentionsOwner(Rule rule) {
        if (rule instanceof Rule.Builtin builtin) {
            return builtin.kind() == Rule.Kind.OWNER || builtin.kind() == Rule.Kind.OWNER_OR_ADMIN;
        }
        if (rule instanceof Rule.AnyOf any) {
            return any.rules().stream().anyMatch(ResourceReader::mentionsOwner);
        }
        if (rule instanceof Rule.ByStatus byStatus) {
            return byStatus.byValue().values().stream().anyMatch(ResourceReader::mentionsOwner);
        }
        return false;
    }
}
