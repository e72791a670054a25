package io.dbbasic.common.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;

/**
 * The {@code dbbasic_session} cookie (the login token) and its companion {@code dbbasic_csrf} (the CSRF
 * token, readable by the pages' scripts). Neither names a domain or a port: browsers then send them to
 * every port of the host, so one login covers all four services. The session cookie is HttpOnly;
 * SameSite=Lax keeps it off cross-site subrequests and POSTs while a link from elsewhere still opens a
 * page signed in. {@code Secure} is set when the request came over HTTPS.
 */
public final class SessionCookie {
    public static final String NAME = "dbbasic_session";
    public static final String CSRF_NAME = "dbbasic_csrf";

    private SessionCookie() {}

    public static void set(Context ctx, String token, Duration lifetime, String csrfToken) {
        var seconds = (int) Math.max(1, lifetime.toSeconds());
        ctx.cookie(new Cookie(NAME, token, "/", seconds, secure(ctx), true, null, SameSite.LAX));
        setCsrf(ctx, csrfToken, seconds);
    }

    /** The CSRF cookie alone: before login (the login form's double submit) or after (bound to the session). */
    public static void setCsrf(Context ctx, String csrfToken, int maxAgeSeconds) {
        ctx.cookie(new Cookie(CSRF_NAME, csrfToken, "/", maxAgeSeconds, secure(ctx), false, null, SameSite.LAX));
    }

    public static void clear(Context ctx) {
        ctx.cookie(new Cookie(NAME, "", "/", 0, secure(ctx), true, null, SameSite.LAX));
        ctx.cookie(new Cookie(CSRF_NAME, "", "/", 0, secure(ctx), false, null, SameSite.LAX));
    }

    private static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme());
    }
}
