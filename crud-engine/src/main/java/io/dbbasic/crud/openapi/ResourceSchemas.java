package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.int64;
import static io.dbbasic.crud.openapi.Nodes.object;
import static io.dbbasic.crud.openapi.Nodes.ref;
import static io.dbbasic.crud.openapi.Nodes.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;

/**
 * The component schemas of one resource. Resource names are {@code [a-z][a-z0-9_]*}, so the record
 * schema is named after the resource and the others add a dotted suffix; the built-in schemas start
 * with a capital letter. No two can collide.
 */
final class ResourceSchemas {
    static final int MAX_BULK_ITEMS = 1000;
    private final FieldSchemas fields;

    ResourceSchemas(FieldSchemas fields) {
        this.fields = fields;
    }

    static String record(Resource resource) {
        return resource.name();
    }

    static String input(Resource resource) {
        return resource.name() + ".input";
    }

    static String patch(Resource resource) {
        return resource.name() + ".patch";
    }

    static String bulkPatch(Resource resource) {
        return resource.name() + ".bulk-patch";
    }

    static String multipart(Resource resource) {
        return resource.name() + ".multipart";
    }

    static String page(Resource resource) {
        return resource.name() + ".page";
    }

    static boolean hasFiles(Resource resource) {
        return resource.fields().stream().anyMatch(f -> f.type() instanceof FieldType.File);
    }

    /** Adds this resource's schemas to {@code schemas} ({@code components.schemas}). */
    void addTo(ObjectNode schemas, Resource resource) {
        schemas.set(record(resource), recordSchema(resource));
        schemas.set(input(resource), writeSchema(resource, Body.JSON, true,
                "The body of a create (POST) or a full replace (PUT). Only these fields may be sent; an unknown key is refused "
                        + "with 422. Server-managed fields (the id, `auto_*` and read-only fields) are not listed: sent anyway, they are ignored."));
        schemas.set(patch(resource), writeSchema(resource, Body.JSON, false,
                "The body of a partial update (PATCH): the fields to change, nothing else."));
        if (resource.api().enableBulk()) {
            var item = writeSchema(resource, Body.JSON, false,
                    "One change of a bulk update: the record's `" + resource.primaryKey().name() + "` and the fields to change.");
            var pk = resource.primaryKey().name();
            ((ObjectNode) item.get("properties")).set(pk, int64().put("minimum", 1).put("description", "which record to change"));
            item.putArray("required").add(pk);
            schemas.set(bulkPatch(resource), item);
        }
        if (hasFiles(resource)) {
            schemas.set(multipart(resource), writeSchema(resource, Body.MULTIPART, true,
                    "A create or replace with file uploads (multipart/form-data): one part per field; the file fields carry the bytes."));
        }
        var page = Nodes.objectOf(
                "records", Nodes.arrayOf(ref(record(resource))),
                "total", int64().put("minimum", 0).put("description", "how many records match, over all pages"),
                "limit", type("integer").put("minimum", 0)
                        .put("description", "the page size used: the one asked for, clamped to 1000, or the default"),
                "offset", type("integer").put("minimum", 0));
        page.put("description", "A page of " + resource.name() + " records.");
        schemas.set(page(resource), page);
    }

    /** The record as the server returns it: every field, the server-managed ones read-only. */
    private ObjectNode recordSchema(Resource resource) {
        var schema = type("object");
        schema.put("title", resource.displayTitle());
        if (resource.description() != null) {
            schema.put("description", resource.description());
        }
        var properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (var field : resource.fields()) {
            properties.set(field.name(), fields.inRecord(field));
            if (field.required() && !field.serverManaged()) {
                required.add(field.name());
            }
        }
        var expandable = resource.fields().stream().anyMatch(ResourceSchemas::expandable);
        if (expandable) {
            var expand = type("object").put("readOnly", true)
                    .put("description", "With `?expand=`: the referenced records, by field name (a list for many_to_many fields).");
            expand.set("additionalProperties", object());
            properties.set("_expand", expand);
        }
        if (required.isEmpty()) {
            schema.remove("required");
        }
        return schema;
    }

    private enum Body { JSON, MULTIPART }

    /**
     * A write body: the fields a client may send. With {@code requireFields}, a field must be sent when
     * it is required and has no default (the server fills a left-out field from its default); a file
     * can only be sent in a multipart body.
     */
    private ObjectNode writeSchema(Resource resource, Body body, boolean requireFields, String description) {
        var schema = type("object").put("description", description);
        var properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (var field : resource.fields()) {
            if (field.serverManaged()) {
                continue;
            }
            properties.set(field.name(), body == Body.JSON ? fields.inJsonWrite(field) : fields.inMultipart(field));
            var sendable = body == Body.MULTIPART || !(field.type() instanceof FieldType.File);
            if (requireFields && field.required() && !field.hasDefault() && sendable) {
                required.add(field.name());
            }
        }
        schema.put("additionalProperties", false);
        if (required.isEmpty()) {
            schema.remove("required");
        }
        return schema;
    }

    static boolean expandable(Field field) {
        return field.type() instanceof FieldType.ForeignKey || field.type() instanceof FieldType.ManyToMany;
    }

}
