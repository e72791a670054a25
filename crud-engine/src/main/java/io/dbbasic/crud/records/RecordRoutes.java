package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.activity.RequestActivity;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.CustomEndpoint;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The REST API of CONTRACT §4 under each resource's base path. Base paths change with the YAML, so one
 * catch-all route per method resolves the path against the live model; each handler then parses the
 * request, makes one call to {@link Records} and writes the reply.
 */
public final class RecordRoutes {
    private final Supplier<AppModel> model;
    private final Records records;
    private final Function<Context, Caller> callers;
    private final ObjectMapper json;
    private final TransferRoutes transfers;

    public RecordRoutes(Supplier<AppModel> model, Records records, Function<Context, Caller> callers, ObjectMapper json, TransferRoutes transfers) {
        this.model = model;
        this.records = records;
        this.callers = callers;
        this.json = json;
        this.transfers = transfers;
    }

    /** Register after the built-in /api routes: Javalin tries routes in the order they were added. */
    public void register(RoutesConfig routes) {
        routes.before("/api/<path>", transfers::limit);
        routes.get("/api/<path>", this::get);
        routes.post("/api/<path>", this::post);
        routes.put("/api/<path>", ctx -> update(ctx, true));
        routes.patch("/api/<path>", this::patch);
        routes.delete("/api/<path>", this::delete);
    }

    private ApiPath resolve(Context ctx) {
        var path = ApiPath.resolve(model.get(), ctx.path())
                .orElseThrow(() -> new NotFound("no resource is served at " + ctx.path() + "; GET /api/models lists them"));
        ctx.attribute(RequestActivity.RESOURCE, path.resource().name());
        return path;
    }

    private void get(Context ctx) {
        var path = resolve(ctx);
        var resource = path.resource();
        if (path.rest().isEmpty()) {
            var query = records.parseQuery(resource, ctx.queryParamMap());
            ctx.json(page(records.list(resource, query, callers.apply(ctx))));
            return;
        }
        if (path.rest().size() == 2 && path.rest().get(0).equals("export")) {
            transfers.export(ctx, resource, path.rest().get(1));
            return;
        }
        if (path.is("aggregate")) {
            transfers.aggregate(ctx, resource);
            return;
        }
        if (path.rest().size() == 3 && path.id().isPresent() && path.rest().get(1).equals("files")) {
            transfers.download(ctx, resource, path.id().get(), path.rest().get(2));
            return;
        }
        var custom = customEndpoint(path, ctx.queryParamMap());
        if (custom != null) {
            ctx.json(page(records.list(resource, custom, callers.apply(ctx))));
            return;
        }
        var id = recordId(path, 1);
        var caller = callers.apply(ctx);
        var found = records.get(resource, id, caller);
        var query = records.parseQuery(resource, onlyShaping(ctx.queryParamMap()));
        ctx.header("ETag", found.etag());
        if (found.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.json(records.shaped(resource, found.record(), query, caller));
    }

    private void post(Context ctx) {
        var path = resolve(ctx);
        var resource = path.resource();
        if (path.rest().isEmpty()) {
            var created = TransferRoutes.isMultipart(ctx) ? transfers.create(ctx, resource) : records.create(resource, body(ctx), callers.apply(ctx));
            var id = created.record().get(resource.primaryKey().name());
            ctx.status(201).header("Location", resource.basePath() + "/" + id).header("ETag", created.etag()).json(created.record());
            return;
        }
        if (path.is("bulk") && resource.api().enableBulk()) {
            ctx.status(201).json(Map.of("records", records.bulkCreate(resource, body(ctx), callers.apply(ctx))));
            return;
        }
        if (path.rest().size() == 2 && path.rest().get(0).equals("import")) {
            transfers.importRecords(ctx, resource, path.rest().get(1));
            return;
        }
        throw notServed(ctx);
    }

    private void patch(Context ctx) {
        var path = resolve(ctx);
        if (path.is("bulk") && path.resource().api().enableBulk()) {
            ctx.json(Map.of("records", records.bulkUpdate(path.resource(), body(ctx), callers.apply(ctx))));
            return;
        }
        update(ctx, false);
    }

    private void update(Context ctx, boolean replace) {
        var path = resolve(ctx);
        var id = recordId(path, 1);
        var updated = TransferRoutes.isMultipart(ctx) ? transfers.update(ctx, path.resource(), id, replace)
                : records.update(path.resource(), id, body(ctx), replace, ctx.header("If-Match"), callers.apply(ctx));
        ctx.header("ETag", updated.etag()).json(updated.record());
    }

    private void delete(Context ctx) {
        var path = resolve(ctx);
        if (path.is("bulk") && path.resource().api().enableBulk()) {
            ctx.json(Map.of("deleted", records.bulkDelete(path.resource(), body(ctx), callers.apply(ctx))));
            return;
        }
        records.delete(path.resource(), recordId(path, 1), ctx.header("If-Match"), callers.apply(ctx));
        ctx.status(204);
    }

    /** A GET custom endpoint matching the path: its filter (with {param}s filled in) and ordering. */
    private ListQuery customEndpoint(ApiPath path, Map<String, List<String>> requestParams) {
        var resource = path.resource();
        for (CustomEndpoint endpoint : resource.api().customEndpoints()) {
            var pattern = List.of(endpoint.path().substring(1).split("/"));
            if (pattern.size() != path.rest().size()) {
                continue;
            }
            var params = new LinkedHashMap<String, String>();
            var matches = true;
            for (var i = 0; i < pattern.size() && matches; i++) {
                var segment = pattern.get(i);
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    params.put(segment, path.rest().get(i));
                } else {
                    matches = segment.equals(path.rest().get(i));
                }
            }
            if (!matches) {
                continue;
            }
            var filters = new java.util.ArrayList<ListQuery.Filter>();
            for (var entry : endpoint.filter().entrySet()) {
                var value = entry.getValue();
                for (var param : params.entrySet()) {
                    value = value.replace(param.getKey(), param.getValue());
                }
                filters.add(records.filter(resource, entry.getKey(), value));
            }
            return records.customQuery(resource, requestParams, filters, endpoint.ordering());
        }
        return null;
    }

    private Map<String, Object> page(Records.Page page) {
        var body = new LinkedHashMap<String, Object>();
        body.put("records", page.records());
        body.put("total", page.total());
        body.put("limit", page.limit());
        body.put("offset", page.offset());
        return body;
    }

    private JsonNode body(Context ctx) {
        var text = ctx.body();
        if (text.isBlank()) {
            throw new BadRequest("the request needs a JSON body");
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new io.dbbasic.common.errors.BadRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static long recordId(ApiPath path, int segments) {
        if (path.rest().size() != segments || path.id().isEmpty()) {
            throw new NotFound("nothing is served at " + path.resource().basePath() + "/" + String.join("/", path.rest()));
        }
        return path.id().get();
    }

    private static NotFound notServed(Context ctx) {
        return new NotFound(ctx.method() + " is not served at " + ctx.path());
    }

    private static Map<String, List<String>> onlyShaping(Map<String, List<String>> params) {
        var shaping = new LinkedHashMap<String, List<String>>();
        for (var name : List.of("fields", "expand")) {
            if (params.containsKey(name)) {
                shaping.put(name, params.get(name));
            }
        }
        return shaping;
    }

    private static String firstLine(String message) {
        var newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
