package io.dbbasic.crud.models;

import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.Rule;
import io.dbbasic.common.yaml.Diagnostic;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.records.Records;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** {@code GET /api/models}: what is served, and every file that does not load as it stands (CONTRACT §4). */
public final class ModelsRoutes {
    private final LiveModel live;
    private final Records records;
    private final Path appDir;
    private final Predicate<String> hookIsActive;

    public ModelsRoutes(LiveModel live, Records records, Path appDir, Predicate<String> hookIsActive) {
        this.live = live;
        this.records = records;
        this.appDir = appDir;
        this.hookIsActive = hookIsActive;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/models", this::models);
    }

    private void models(Context ctx) {
        var snapshot = live.current();
        var resources = new ArrayList<Map<String, Object>>();
        for (var resource : snapshot.model().resources()) {
            resources.add(describe(resource, snapshot.warnings(), AuthGate.caller(ctx)));
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("resources", resources);
        body.put("errors", snapshot.errors().stream().map(this::diagnostic).toList());
        ctx.json(body);
    }

    /** {@code record_count} counts what the caller may read, as list totals do. */
    private Map<String, Object> describe(Resource resource, List<Diagnostic> warnings, Caller caller) {
        var out = new LinkedHashMap<String, Object>();
        out.put("resource", resource.name());
        out.put("title", resource.displayTitle());
        out.put("description", resource.description());
        out.put("database", resource.database());
        out.put("base_path", resource.basePath());
        out.put("fields", resource.fields().stream().map(ModelsRoutes::field).toList());
        out.put("record_count", records.count(resource, caller));
        var hooks = new LinkedHashMap<String, List<String>>();
        resource.hooks().byEvent().forEach((event, names) -> hooks.put(event.yamlName(), names));
        out.put("hooks", hooks);
        out.put("missing_hooks", resource.hooks().names().stream().filter(hookIsActive.negate()).toList());
        var permissions = new LinkedHashMap<String, Object>();
        for (var op : Operation.values()) {
            permissions.put(op.yamlName(), rule(resource.permissions().of(op)));
        }
        out.put("permissions", permissions);
        out.put("api", Map.of("enable_bulk", resource.api().enableBulk(), "enable_export", resource.api().enableExport(),
                "custom_endpoints", resource.api().customEndpoints().stream().map(e -> e.path()).toList()));
        out.put("file", relative(resource.location().file()));
        out.put("warnings", warnings.stream().filter(w -> w.location().file().equals(resource.location().file())).map(this::diagnostic).toList());
        return out;
    }

    private static Map<String, Object> field(Field field) {
        var out = new LinkedHashMap<String, Object>();
        out.put("name", field.name());
        out.put("type", field.type().yamlName());
        put(out, "required", field.required() ? true : null);
        put(out, "unique", field.unique() ? true : null);
        put(out, "default", field.defaultValue());
        put(out, "max_length", field.maxLength());
        put(out, "min_length", field.minLength());
        put(out, "min", field.min());
        put(out, "max", field.max());
        put(out, "pattern", field.pattern());
        put(out, "searchable", field.searchable() ? true : null);
        var type = field.type();
        if (type instanceof FieldType.Select select) {
            out.put("options", select.options());
        } else if (type instanceof FieldType.Decimal decimal) {
            out.put("precision", decimal.precision());
            out.put("scale", decimal.scale());
        } else if (type instanceof FieldType.ForeignKey fk) {
            out.put("references", fk.references());
            out.put("on_delete", fk.onDelete().yamlName());
        } else if (type instanceof FieldType.ManyToMany m2m) {
            out.put("references", m2m.references());
        } else if (type instanceof FieldType.File file) {
            out.put("accept", file.accept());
            out.put("max_size", file.maxSizeBytes());
        }
        if (!field.auto().isEmpty()) {
            field.auto().forEach(auto -> out.put(auto.yamlName(), true));
        }
        put(out, "server_managed", field.serverManaged() ? true : null);
        put(out, "label", field.ui().label());
        return out;
    }

    private static Object rule(Rule rule) {
        if (rule instanceof Rule.Builtin builtin) {
            return builtin.kind().yamlName();
        }
        if (rule instanceof Rule.Role role) {
            return Map.of("role", role.name());
        }
        if (rule instanceof Rule.Condition condition) {
            return Map.of("condition", condition.name());
        }
        if (rule instanceof Rule.AnyOf any) {
            return any.rules().stream().map(ModelsRoutes::rule).toList();
        }
        var byStatus = (Rule.ByStatus) rule;
        var map = new LinkedHashMap<String, Object>();
        byStatus.byValue().forEach((value, inner) -> map.put(value, rule(inner)));
        return map;
    }

    private Map<String, Object> diagnostic(Diagnostic diagnostic) {
        var out = new LinkedHashMap<String, Object>();
        out.put("file", relative(diagnostic.location().file()));
        out.put("line", diagnostic.location().line());
        out.put("column", diagnostic.location().column());
        out.put("severity", diagnostic.severity().label());
        out.put("message", diagnostic.message());
        return out;
    }

    private String relative(Path file) {
        var absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(appDir) ? appDir.relativize(absolute).toString() : file.toString();
    }

    private static void put(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
