package io.dbbasic.common.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become response bodies (RFC 9457, {@code application/problem+json}).
 * Clients never see a stack trace: unexpected exceptions are logged here with an id the body repeats.
 */
public final class ProblemMapper {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    private static final String PAGE_ATTRIBUTE = "dbbasic.problemPage";

    private ProblemMapper() {}

    /** Draws a problem as an HTML page, for requests a browser makes to a service's own pages. */
    @FunctionalInterface
    public interface ProblemPage {
        void render(Context ctx, int status, String title, String detail);
    }

    /**
     * Marks {@code ctx} as a page request (a before-handler of a service's pages calls this): its problems are
     * drawn by {@code page}, with the same status, title and detail the JSON body would carry.
     */
    public static void answerAsPage(Context ctx, ProblemPage page) {
        ctx.attribute(PAGE_ATTRIBUTE, page);
    }

    public static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.status(), e.title(), e.detail(), e.extensions(), e.headers()));
        routes.exception(HttpResponseException.class, (e, ctx) -> fromJavalin(ctx, e));
        routes.exception(Exception.class, ProblemMapper::unexpected);
    }

    /** Writes a problem body; also used by filters that must answer before a handler runs. */
    public static void write(Context ctx, int status, String title, String detail,
                             Map<String, ?> extensions, Map<String, String> headers) {
        var body = new LinkedHashMap<String, Object>();
        body.put("type", "about:blank");
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        body.putAll(extensions);
        headers.forEach(ctx::header);
        ProblemPage page = ctx.attribute(PAGE_ATTRIBUTE);
        if (page != null) {
            ctx.status(status);
            page.render(ctx, status, title, detail);
            return;
        }
        ctx.status(status).json(body).contentType(CONTENT_TYPE);
    }

    private static void fromJavalin(Context ctx, HttpResponseException e) {
        var status = e.getStatus();
        var detail = e.getMessage();
        if (status == 413) {
            detail = "the request body is larger than this endpoint accepts";
        } else if (status == 404 && (detail == null || detail.isBlank() || detail.startsWith("Endpoint "))) {
            detail = "nothing is served at " + ctx.method() + " " + ctx.path();
        }
        write(ctx, status, HttpStatus.forStatus(status).getMessage(), detail, Map.of(), Map.of());
    }

    private static void unexpected(Exception e, Context ctx) {
        var json = causeOfType(e, JsonProcessingException.class);
        if (json != null) {
            var location = json.getLocation();
            var where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            write(ctx, 400, "Bad request", "the body is not valid JSON" + where + ": " + json.getOriginalMessage(), Map.of(), Map.of());
            return;
        }
        var id = UUID.randomUUID().toString();
        log.error("unexpected failure {} on {} {}", id, ctx.method(), ctx.path(), e);
        write(ctx, 500, "Internal error", "the server failed on its own; it is logged as " + id, Map.of(), Map.of());
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
