package io.dbbasic.common.activity;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * Which requests become activity, and how. Left out: {@code /health} and {@code /metrics} (polled every
 * few seconds, they would drown the feed), static assets and WebJars, WebSocket upgrades, and any request
 * a handler marks with {@link #SKIP} (the monitor's own ingestion, which would otherwise report itself).
 */
public final class RequestActivity {
    /** Request attribute: set to {@code true} by a handler whose requests must not be reported. */
    public static final String SKIP = "dbbasic.activity.skip";
    /** Request attribute: the resource a handler served, when the route has no {@code {resource}} parameter. */
    public static final String RESOURCE = "dbbasic.resource";

    private RequestActivity() {}

    /** The event for a finished request, or empty when it is not reported. {@code route} is the matched template or "unmatched". */
    public static Optional<Activity> of(String service, Context ctx, String route, double millis, Instant at) {
        if (!reported(ctx, route)) {
            return Optional.empty();
        }
        return Optional.of(Activity.request(service, ctx.method().name(), ctx.path(), ctx.statusCode(),
                Math.round(millis * 1000.0) / 1000.0, resource(ctx), at));
    }

    private static boolean reported(Context ctx, String route) {
        if (route.equals("/health") || route.equals("/metrics")) {
            return false;
        }
        if (Boolean.TRUE.equals(ctx.attribute(SKIP))) {
            return false;
        }
        var path = ctx.path();
        if (path.startsWith("/webjars/") || "websocket".equalsIgnoreCase(ctx.header("Upgrade"))) {
            return false;
        }
        // No route matched but the answer is not an error: a static file served it.
        return !(route.equals("unmatched") && ctx.statusCode() < 400);
    }

    private static String resource(Context ctx) {
        Object marked = ctx.attribute(RESOURCE);
        if (marked != null) {
            return marked.toString();
        }
        try {
            return ctx.pathParamMap().get("resource");
        } catch (RuntimeException e) {
            return null;   // no matched endpoint, so no path parameters
        }
    }
}
