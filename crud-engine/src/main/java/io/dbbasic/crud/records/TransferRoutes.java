package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The handlers {@link RecordRoutes} hands over to: export, import, aggregate, file uploads and downloads,
 * and the rate limits in front of every resource request. Each parses the request, makes one domain
 * call and writes the reply.
 */
public final class TransferRoutes {
    private final Supplier<AppModel> model;
    private final Records records;
    private final Function<Context, Caller> callers;
    private final Exports exports;
    private final Imports imports;
    private final Aggregates aggregates;
    private final FileFields files;
    private final RateLimits limits;

    /**
     * Files go to {@code <dataDir>/files}, import spools to {@code <dataDir>/tmp}. Exports and aggregates read
     * only what the caller may ({@link Records#readFilter}).
     */
    public TransferRoutes(Supplier<AppModel> model, Records records, Function<Context, Caller> callers, ObjectMapper json,
                          Path dataDir, Clock clock) {
        this.model = model;
        this.records = records;
        this.callers = callers;
        this.exports = new Exports(records, json);
        this.imports = new Imports(records, json, dataDir.resolve("tmp"), clock);
        this.aggregates = new Aggregates(records, json);
        this.files = new FileFields(records, json, dataDir.resolve("files"));
        this.limits = RateLimits.systemClock();
        records.onCommitted(files::committed);
    }

    /** A before-handler on {@code /api/<path>}: requests to a resource with {@code api.rate_limiting} count against it. */
    void limit(Context ctx) {
        ApiPath.resolve(model.get(), ctx.path())
                .ifPresent(path -> limits.check(path.resource(), RateLimits.kindOf(ctx.method().name()), callers.apply(ctx)));
    }

    void export(Context ctx, Resource resource, String format) {
        if (!resource.api().enableExport()) {
            throw new NotFound("exports of " + resource.name() + " are off; set api.enable_export: true in its YAML");
        }
        var plan = exports.plan(resource, format, ctx.queryParamMap(), callers.apply(ctx));
        ctx.contentType(plan.format().contentType).header("Content-Disposition", "attachment; filename=\"" + plan.fileName() + "\"");
        exports.write(plan, ctx.outputStream());
    }

    void importRecords(Context ctx, Resource resource, String format) {
        var result = imports.run(resource, format, ctx.queryParam("mode"), inputStream(ctx), ctx.req().getContentLengthLong(), callers.apply(ctx));
        ctx.status(result.status()).json(result.body());
        if (result.refused()) {
            ctx.contentType(io.dbbasic.common.errors.ProblemMapper.CONTENT_TYPE);
        }
    }

    void aggregate(Context ctx, Resource resource) {
        var plan = aggregates.plan(resource, ctx.queryParamMap(), callers.apply(ctx));
        ctx.contentType("application/json");
        aggregates.write(plan, ctx.outputStream());
    }

    Records.Found create(Context ctx, Resource resource) {
        return files.create(resource, ctx.req(), callers.apply(ctx));
    }

    Records.Found update(Context ctx, Resource resource, long id, boolean replace) {
        return files.update(resource, id, ctx.req(), replace, ctx.header("If-Match"), callers.apply(ctx));
    }

    /** Reads a browser form (the admin UI's create and edit pages) for one write. */
    public FormPost receiveForm(Context ctx, Resource resource) {
        return files.formPost(resource, ctx.req());
    }

    static boolean isMultipart(Context ctx) {
        return FileFields.isMultipart(ctx.contentType());
    }

    void download(Context ctx, Resource resource, long id, String field) {
        var download = files.download(resource, id, field, callers.apply(ctx));
        ctx.header("ETag", download.etag())
                .header("Cache-Control", "private, no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", FileFields.disposition(download));
        if (!download.inline()) {
            ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        }
        if (download.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        try {
            ctx.contentType(download.contentType()).header("Content-Length", Long.toString(download.size()))
                    .result(Files.newInputStream(download.path()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + download.path(), e);
        }
    }

    private static java.io.InputStream inputStream(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (java.io.IOException e) {
            throw new io.dbbasic.common.errors.BadRequest("the request body cannot be read: " + e.getMessage());
        }
    }
}
