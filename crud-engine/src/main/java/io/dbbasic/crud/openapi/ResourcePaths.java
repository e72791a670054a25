package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.int64;
import static io.dbbasic.crud.openapi.Nodes.object;
import static io.dbbasic.crud.openapi.Nodes.ref;
import static io.dbbasic.crud.openapi.Nodes.responseRef;
import static io.dbbasic.crud.openapi.Nodes.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.model.CustomEndpoint;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.HookEvent;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.openapi.Components.Error;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The endpoints of CONTRACT §4 for one resource, under its {@code api.base_path}: list, get, create,
 * replace, update, delete; bulk (with {@code enable_bulk}); export (with {@code enable_export}); import;
 * aggregate; file downloads (for resources with file fields); and each GET custom endpoint.
 */
final class ResourcePaths {
    static final String IMPORT_RESULT = "ImportResult";
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z][a-z0-9_]*)}");
    private final FieldSchemas fields;
    private final ListParameters list;

    ResourcePaths(FieldSchemas fields, ListParameters list) {
        this.fields = fields;
        this.list = list;
    }

    void addTo(ObjectNode paths, Resource resource) {
        var base = resource.basePath();
        var collection = path(paths, base);
        collection.set("get", list(resource));
        collection.set("post", create(resource));

        var item = path(paths, base + "/{id}");
        item.putArray("parameters").add(idParameter(resource));
        item.set("get", get(resource));
        item.set("put", update(resource, true));
        item.set("patch", update(resource, false));
        item.set("delete", delete(resource));

        if (resource.api().enableBulk()) {
            var bulk = path(paths, base + "/bulk");
            bulk.set("post", bulkCreate(resource));
            bulk.set("patch", bulkUpdate(resource));
            bulk.set("delete", bulkDelete(resource));
        }
        if (resource.api().enableExport()) {
            path(paths, base + "/export/csv").set("get", export(resource, "csv"));
            path(paths, base + "/export/json").set("get", export(resource, "json"));
        }
        path(paths, base + "/import/csv").set("post", importOf(resource, "csv"));
        path(paths, base + "/import/json").set("post", importOf(resource, "json"));
        path(paths, base + "/aggregate").set("get", aggregate(resource));
        if (ResourceSchemas.hasFiles(resource)) {
            var files = path(paths, base + "/{id}/files/{field}");
            files.set("get", download(resource));
        }
        for (var endpoint : resource.api().customEndpoints()) {
            path(paths, base + endpoint.path()).set("get", custom(resource, endpoint));
        }
    }

    private ObjectNode list(Resource resource) {
        var op = operation(resource, "list", "List " + resource.name(), Operation.READ,
                "The records the caller may read, filtered, searched, sorted and paged; `total` counts every match.");
        op.set("parameters", ListParameters.array(list.all(resource)));
        op.putObject("responses").set("200", Nodes.jsonResponse("A page of records.", ref(ResourceSchemas.page(resource))));
        return errors(op, resource, Operation.READ, Error.BAD_REQUEST);
    }

    private ObjectNode get(Resource resource) {
        var op = operation(resource, "get", "Get one record of " + resource.name(), Operation.READ,
                "With an `ETag`; send it back in `If-None-Match` and an unchanged record answers 304.");
        var parameters = ListParameters.array(list.shaping(resource));
        parameters.add(Components.parameterRef("IfNoneMatch"));
        op.set("parameters", parameters);
        var responses = op.putObject("responses");
        responses.set("200", withETag(Nodes.jsonResponse("The record.", ref(ResourceSchemas.record(resource)))));
        responses.set("304", object().put("description", "Not modified: the record still has the ETag in `If-None-Match`."));
        return errors(op, resource, Operation.READ, Error.BAD_REQUEST, Error.NOT_FOUND);
    }

    private ObjectNode create(Resource resource) {
        var op = operation(resource, "create", "Create a record of " + resource.name(), Operation.CREATE,
                "Answers 201 with the stored record (server-set id, timestamps, owner) and its URL in `Location`.");
        op.set("requestBody", writeBody(resource, ResourceSchemas.input(resource), true));
        var created = withETag(Nodes.jsonResponse("Created.", ref(ResourceSchemas.record(resource))));
        ((ObjectNode) created.get("headers")).set("Location", Components.headerRef("Location"));
        op.putObject("responses").set("201", created);
        return errors(op, resource, Operation.CREATE, hooked(resource, HookEvent.BEFORE_CREATE,
                Error.BAD_REQUEST, Error.CONFLICT, Error.TOO_LARGE, Error.INVALID));
    }

    private ObjectNode update(Resource resource, boolean replace) {
        var op = replace
                ? operation(resource, "replace", "Replace a record of " + resource.name(), Operation.UPDATE,
                        "The whole record: a field left out takes its default, or becomes empty.")
                : operation(resource, "update", "Change fields of a record of " + resource.name(), Operation.UPDATE,
                        "Only the fields sent change.");
        op.putArray("parameters").add(Components.parameterRef("IfMatch"));
        op.set("requestBody", replace ? writeBody(resource, ResourceSchemas.input(resource), true)
                : Nodes.jsonBody("The fields to change.", ref(ResourceSchemas.patch(resource))));
        op.putObject("responses").set("200", withETag(Nodes.jsonResponse("The updated record.", ref(ResourceSchemas.record(resource)))));
        return errors(op, resource, Operation.UPDATE, hooked(resource, HookEvent.BEFORE_UPDATE, Error.BAD_REQUEST,
                Error.NOT_FOUND, Error.CONFLICT, Error.PRECONDITION_FAILED, Error.TOO_LARGE, Error.INVALID));
    }

    private ObjectNode delete(Resource resource) {
        var op = operation(resource, "delete", "Delete a record of " + resource.name(), Operation.DELETE,
                "409 while other records still point at it through a foreign key with `on_delete: restrict`.");
        op.putArray("parameters").add(Components.parameterRef("IfMatch"));
        op.putObject("responses").set("204", object().put("description", "Deleted."));
        return errors(op, resource, Operation.DELETE, hooked(resource, HookEvent.BEFORE_DELETE,
                Error.NOT_FOUND, Error.CONFLICT, Error.PRECONDITION_FAILED));
    }

    private ObjectNode bulkCreate(Resource resource) {
        var op = operation(resource, "bulk.create", "Create many records of " + resource.name(), Operation.CREATE,
                "All or nothing: when any item is invalid nothing is written, and `errors` is keyed by the item's index.");
        op.set("requestBody", Nodes.jsonBody("The records to create.", bulkArray(ref(ResourceSchemas.input(resource)))));
        op.putObject("responses").set("201", Nodes.jsonResponse("All created, in the order sent.", records(resource)));
        return errors(op, resource, Operation.CREATE, hooked(resource, HookEvent.BEFORE_CREATE,
                Error.BAD_REQUEST, Error.CONFLICT, Error.TOO_LARGE, Error.INVALID));
    }

    private ObjectNode bulkUpdate(Resource resource) {
        var op = operation(resource, "bulk.update", "Change many records of " + resource.name(), Operation.UPDATE,
                "Each item names its record's `" + resource.primaryKey().name() + "`. All or nothing, with `errors` by item index.");
        op.set("requestBody", Nodes.jsonBody("The changes.", bulkArray(ref(ResourceSchemas.bulkPatch(resource)))));
        op.putObject("responses").set("200", Nodes.jsonResponse("All changed, in the order sent.", records(resource)));
        return errors(op, resource, Operation.UPDATE, hooked(resource, HookEvent.BEFORE_UPDATE,
                Error.BAD_REQUEST, Error.NOT_FOUND, Error.CONFLICT, Error.TOO_LARGE, Error.INVALID));
    }

    private ObjectNode bulkDelete(Resource resource) {
        var op = operation(resource, "bulk.delete", "Delete many records of " + resource.name(), Operation.DELETE,
                "An array of ids (or of objects with an `" + resource.primaryKey().name() + "`). All or nothing.");
        var item = object();
        item.putArray("oneOf").add(int64().put("minimum", 1)).add(Nodes.objectOf(resource.primaryKey().name(), int64().put("minimum", 1)));
        op.set("requestBody", Nodes.jsonBody("The records to delete.", bulkArray(item)));
        op.putObject("responses").set("200", Nodes.jsonResponse("All deleted.",
                Nodes.objectOf("deleted", type("integer").put("minimum", 0).put("description", "how many records were deleted"))));
        return errors(op, resource, Operation.DELETE, hooked(resource, HookEvent.BEFORE_DELETE,
                Error.BAD_REQUEST, Error.NOT_FOUND, Error.CONFLICT, Error.TOO_LARGE, Error.INVALID));
    }

    private ObjectNode export(Resource resource, String format) {
        var op = operation(resource, "export." + format, "Export " + resource.name() + " as " + format.toUpperCase(java.util.Locale.ROOT),
                Operation.READ, "Every matching record the caller may read (no paging), streamed. Takes the list's filters, `q`, `sort` and `fields`.");
        var parameters = ListParameters.array(list.filtering(resource, Set.of()));
        parameters.add(Components.parameterRef(ListParameters.name(resource, "sort")));
        parameters.add(Components.parameterRef(ListParameters.name(resource, "fields")));
        op.set("parameters", parameters);
        var ok = object().put("description", "The records.");
        if (format.equals("csv")) {
            ok.set("content", Nodes.content("text/csv", type("string")
                    .put("description", "A header row of field names, then one row per record.")));
        } else {
            ok.set("content", Nodes.content("application/json", Nodes.arrayOf(ref(ResourceSchemas.record(resource)))));
        }
        op.putObject("responses").set("200", ok);
        return errors(op, resource, Operation.READ, Error.BAD_REQUEST);
    }

    private ObjectNode importOf(Resource resource, String format) {
        var op = operation(resource, "import." + format, "Import " + resource.name() + " from " + format.toUpperCase(java.util.Locale.ROOT),
                Operation.CREATE, "Creates a record per " + (format.equals("csv") ? "row (a header row of field names first)" : "array item")
                        + ". All or nothing by default; with `?mode=skip_invalid` the valid ones are imported and the others reported. "
                        + "Bodies up to 1 GB, streamed.");
        var mode = object().put("name", "mode").put("in", "query")
                .put("description", "`skip_invalid`: import the valid records and report the others. Left out: all or nothing.");
        var modes = type("string");
        modes.putArray("enum").add("skip_invalid");
        mode.set("schema", modes);
        op.putArray("parameters").add(mode);
        var body = object().put("required", true).put("description", "The records to import.");
        body.set("content", format.equals("csv")
                ? Nodes.content("text/csv", type("string").put("description", "A header row of field names, then one row per record."))
                : Nodes.content("application/json", Nodes.arrayOf(ref(ResourceSchemas.input(resource)))));
        op.set("requestBody", body);
        op.putObject("responses").set("200", Nodes.jsonResponse("What was imported, and what was not.", ref(IMPORT_RESULT)));
        return errors(op, resource, Operation.CREATE, hooked(resource, HookEvent.BEFORE_CREATE,
                Error.BAD_REQUEST, Error.CONFLICT, Error.TOO_LARGE, Error.INVALID));
    }

    private ObjectNode aggregate(Resource resource) {
        var op = operation(resource, "aggregate", "Aggregate " + resource.name(), Operation.READ,
                "Groups the matching records the caller may read and computes metrics per group, e.g. "
                        + "`?group_by=status&metrics=count,sum:total,avg:total` → `{\"groups\":[{\"status\":\"paid\",\"count\":3,"
                        + "\"sum_total\":120.5,\"avg_total\":40.17}]}`. Takes the list's filters and `q`.");
        var parameters = ListParameters.array(list.filtering(resource, Set.of("group_by", "metrics")));
        var groupable = resource.fields().stream().filter(f -> f.hasColumn() && FieldSchemas.isComparable(f))
                .map(f -> f.name()).toList();
        parameters.add(ListParameters.csv("group_by", groupable, "The fields to group by, comma-separated."));
        var metrics = new ArrayList<String>();
        metrics.add("count");
        var numeric = resource.fields().stream().filter(f -> f.type() instanceof FieldType.Integer || f.type() instanceof FieldType.Decimal)
                .map(f -> f.name()).toList();
        for (var function : List.of("sum", "avg", "min", "max")) {
            numeric.forEach(name -> metrics.add(function + ":" + name));
        }
        parameters.add(ListParameters.csv("metrics", metrics,
                "Comma-separated: `count`, or `sum|avg|min|max:field` over a number field; each becomes a key of the group, `sum_total`."));
        op.set("parameters", parameters);
        var group = type("object").put("description", "The group_by values, then one key per metric (`count`, `sum_total`, …).");
        group.set("additionalProperties", object());
        op.putObject("responses").set("200", Nodes.jsonResponse("One entry per group.", Nodes.objectOf("groups", Nodes.arrayOf(group))));
        return errors(op, resource, Operation.READ, Error.BAD_REQUEST);
    }

    private ObjectNode download(Resource resource) {
        var op = operation(resource, "file", "Download a file of a record of " + resource.name(), Operation.READ,
                "The uploaded file, with its media type; allowed to whoever may read the record.");
        var field = object().put("name", "field").put("in", "path").put("required", true).put("description", "the file field");
        var names = type("string");
        names.set("enum", Nodes.strings(resource.fields().stream().filter(f -> f.type() instanceof FieldType.File).map(f -> f.name()).toList()));
        field.set("schema", names);
        op.putArray("parameters").add(idParameter(resource)).add(field);
        var ok = object().put("description", "The file's bytes.");
        ok.set("content", Nodes.content("*/*", type("string").put("format", "binary")));
        op.putObject("responses").set("200", ok);
        return errors(op, resource, Operation.READ, Error.NOT_FOUND);
    }

    private ObjectNode custom(Resource resource, CustomEndpoint endpoint) {
        var fixed = new ArrayList<String>();
        endpoint.filter().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> fixed.add("`" + e.getKey() + "=" + e.getValue() + "`"));
        var description = new StringBuilder(endpoint.description() != null ? endpoint.description() + ". " : "");
        if (!fixed.isEmpty()) {
            description.append("Fixed filter: ").append(String.join(", ", fixed)).append(". ");
        }
        if (!endpoint.ordering().isEmpty()) {
            description.append("Ordered by `").append(String.join(",", endpoint.ordering())).append("`. ");
        }
        description.append("The list parameters apply on top.");
        var summary = endpoint.description() != null ? endpoint.description() : resource.name() + ": " + endpoint.path();
        var op = operation(resource, "custom" + endpoint.path().replace('/', '.'), summary, Operation.READ, description.toString().trim());
        var parameters = Nodes.array();
        var matcher = PATH_PARAM.matcher(endpoint.path());
        while (matcher.find()) {
            parameters.add(pathParameter(resource, endpoint, matcher.group(1)));
        }
        list.all(resource).forEach(parameters::add);
        op.set("parameters", parameters);
        op.putObject("responses").set("200", Nodes.jsonResponse("A page of records.", ref(ResourceSchemas.page(resource))));
        return errors(op, resource, Operation.READ, Error.BAD_REQUEST);
    }

    /** A custom endpoint's {@code {param}}: typed like the field whose filter value it fills. */
    private ObjectNode pathParameter(Resource resource, CustomEndpoint endpoint, String name) {
        var placeholder = "{" + name + "}";
        var schema = type("string");
        var filled = new ArrayList<String>();
        for (var entry : endpoint.filter().entrySet()) {
            if (!entry.getValue().contains(placeholder)) {
                continue;
            }
            var key = entry.getKey();
            var bracket = key.indexOf('[');
            var fieldName = bracket < 0 ? key : key.substring(0, bracket);
            var operator = bracket < 0 ? "eq" : key.substring(bracket + 1, key.length() - 1);
            filled.add("`" + key + "`");
            var field = resource.field(fieldName);
            if (field.isPresent() && entry.getValue().equals(placeholder) && FieldSchemas.isComparable(field.get())
                    && !Set.of("in", "nin", "null", "contains", "startswith").contains(operator)) {
                schema = fields.comparable(field.get());
            }
        }
        var parameter = object().put("name", name).put("in", "path").put("required", true)
                .put("description", filled.isEmpty() ? "a path segment" : "fills the filter " + String.join(", ", filled));
        parameter.set("schema", schema);
        return parameter;
    }

    // ---- shared pieces

    /** An operation with its tag, id, summary and who may call it. */
    private static ObjectNode operation(Resource resource, String id, String summary, Operation permission, String description) {
        var access = Access.of(resource.permissions().of(permission));
        var op = object();
        op.putArray("tags").add(resource.name());
        op.put("operationId", resource.name() + "." + id);
        op.put("summary", summary);
        op.put("description", description + "\n\n**Who may:** " + access.summary() + " (`permissions." + permission.yamlName() + "`).");
        if (access.anonymousAllowed()) {
            // anonymous callers are served (they see what the rule grants them); signing in may show more
            op.putArray("security").add(object()).add(object().set(Components.BEARER, Nodes.array()))
                    .add(object().set(Components.COOKIE, Nodes.array()));
        }
        return op;
    }

    /**
     * Adds the error responses, in status order: the ones given, 401/403 as the permission rule allows,
     * 429 where the resource declares a rate limit for this kind of request.
     */
    private static ObjectNode errors(ObjectNode op, Resource resource, Operation permission, Error... errors) {
        var all = EnumSet.noneOf(Error.class);
        all.addAll(List.of(errors));
        var access = Access.of(resource.permissions().of(permission));
        if (access.canBeUnauthorized()) {
            all.add(Error.UNAUTHORIZED);
        }
        if (access.canBeForbidden()) {
            all.add(Error.FORBIDDEN);
        }
        var limited = permission == Operation.READ ? resource.api().readLimit() : resource.api().writeLimit();
        if (limited != null) {
            all.add(Error.RATE_LIMITED);
        }
        var responses = (ObjectNode) op.get("responses");
        all.forEach(error -> responses.set(error.code(), responseRef(error.component)));
        return op;
    }

    /** 503 joins the errors when a before-hook runs: it fails closed when the AI service builder is unreachable. */
    private static Error[] hooked(Resource resource, HookEvent event, Error... errors) {
        if (resource.hooks().of(event).isEmpty()) {
            return errors;
        }
        var all = new ArrayList<>(List.of(errors));
        all.add(Error.UNAVAILABLE);
        return all.toArray(Error[]::new);
    }

    /** JSON, and for a resource with file fields multipart/form-data with one part per field. */
    private ObjectNode writeBody(Resource resource, String jsonSchema, boolean multipartToo) {
        var body = Nodes.jsonBody("The record's fields.", ref(jsonSchema));
        if (multipartToo && ResourceSchemas.hasFiles(resource)) {
            var multipart = ((ObjectNode) body.get("content")).putObject("multipart/form-data");
            multipart.set("schema", ref(ResourceSchemas.multipart(resource)));
            var encoding = object();
            for (var field : resource.fields()) {
                if (field.type() instanceof FieldType.File file) {
                    var types = file.accept().stream().filter(a -> a.contains("/")).collect(Collectors.joining(", "));
                    encoding.putObject(field.name()).put("contentType", types.isEmpty() ? "application/octet-stream" : types);
                }
            }
            multipart.set("encoding", encoding);
        }
        return body;
    }

    private static ObjectNode idParameter(Resource resource) {
        var parameter = object().put("name", "id").put("in", "path").put("required", true)
                .put("description", "the record's `" + resource.primaryKey().name() + "`");
        parameter.set("schema", int64().put("minimum", 1));
        return parameter;
    }

    private static ObjectNode withETag(ObjectNode response) {
        response.putObject("headers").set("ETag", Components.headerRef("ETag"));
        return response;
    }

    private static ObjectNode records(Resource resource) {
        return Nodes.objectOf("records", Nodes.arrayOf(ref(ResourceSchemas.record(resource))));
    }

    private static ObjectNode bulkArray(ObjectNode items) {
        return Nodes.arrayOf(items).put("maxItems", ResourceSchemas.MAX_BULK_ITEMS);
    }

    /** The path item at {@code key}; two resources never share one, but merging keeps a mistake visible rather than lost. */
    private static ObjectNode path(ObjectNode paths, String key) {
        var existing = paths.get(key);
        return existing instanceof ObjectNode item ? item : paths.putObject(key);
    }
}
