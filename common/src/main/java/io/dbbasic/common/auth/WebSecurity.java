package io.dbbasic.common.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Response headers every service sends, and CORS for the origins in {@code DBBASIC_CORS_ORIGINS} (none by
 * default: no wildcard, ever). The content security policy is about framing and plugins; scripts are left
 * to each page, since the services' pages differ in what they load.
 */
public final class WebSecurity {
    static final String CSP = "frame-ancestors 'self'; object-src 'none'; base-uri 'self'";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, " + Csrf.HEADER;
    private static final String EXPOSED_HEADERS = "ETag, Location, Retry-After";

    private final TrustedOrigins origins;

    public WebSecurity(TrustedOrigins origins) {
        this.origins = origins;
    }

    public void install(RoutesConfig routes) {
        routes.before(this::apply);
    }

    private void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Referrer-Policy", "same-origin");
        var origin = ctx.header("Origin");
        if (origin == null || !origins.isCorsOrigin(origin)) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Allow-Credentials", "true");
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        ctx.header("Vary", "Origin");
        if (ctx.method().name().equals("OPTIONS") && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
            ctx.header("Access-Control-Allow-Headers", ALLOWED_HEADERS);
            ctx.header("Access-Control-Max-Age", "600");
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
