package io.dbbasic.crud.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.service.Version;
import io.dbbasic.common.web.Webjars;
import io.dbbasic.crud.live.LiveModel;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /openapi.json}, the live API description, and {@code GET /docs}, Swagger UI reading it.
 * Swagger UI's files come from the {@code org.webjars:swagger-ui} jar under {@code /webjars/} (no CDN);
 * the page around them is ours, with the top bar every DBBasic page has.
 */
public final class OpenApiRoutes {
    static final String SPEC_PATH = "/openapi.json";
    static final String DOCS_PATH = "/docs";
    static final String DOCS_SCRIPT = "/docs/swagger-init.js";
    private final OpenApiDocument document;
    private final String swaggerUi = "/webjars/swagger-ui/" + Webjars.version("org.webjars", "swagger-ui");
    private final String initScript;

    public OpenApiRoutes(LiveModel live, ObjectMapper json) {
        this.document = new OpenApiDocument(new OpenApiGenerator(json, Version.current()), json).follow(live);
        this.initScript = resource("openapi/swagger-init.js");
    }

    public void register(RoutesConfig routes) {
        routes.get(SPEC_PATH, this::spec);
        routes.get(DOCS_PATH, this::docs);
        routes.get(DOCS_PATH + "/", this::docs);
        routes.get(DOCS_SCRIPT, ctx -> ctx.contentType("text/javascript; charset=utf-8").result(initScript));
    }

    private void spec(Context ctx) {
        var rendered = document.current();
        ctx.header("ETag", rendered.etag()).header("Cache-Control", "no-cache");
        if (rendered.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json; charset=utf-8").result(rendered.json());
    }

    private void docs(Context ctx) {
        ctx.render("openapi/docs.html", Map.of("swaggerUi", swaggerUi, "spec", SPEC_PATH, "initScript", DOCS_SCRIPT));
    }

    private static String resource(String name) {
        try (var in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the crud-engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
