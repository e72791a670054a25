package io.dbbasic.common.auth;

import io.dbbasic.common.errors.Forbidden;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery defence for requests that ride on the session cookie (CONTRACT §9): a
 * state-changing request (POST, PUT, PATCH, DELETE) must come from a trusted origin, and must carry the
 * CSRF token of its session, in the {@code X-CSRF-Token} header or the {@code _csrf} form field. The
 * token is an HMAC of the session id under the shared key, so every service can check it without
 * storage, and it changes with every login. Pages get it from the {@code dbbasic_csrf} cookie (scripts),
 * the {@code csrf} model variable (Thymeleaf forms) or {@code GET /api/auth/me}.
 * Bearer-token requests need neither check: browsers never add that header on their own.
 */
public final class Csrf {
    public static final String HEADER = "X-CSRF-Token";
    public static final String FORM_FIELD = "_csrf";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final SigningKey key;
    private final TrustedOrigins origins;

    public Csrf(SigningKey key, TrustedOrigins origins) {
        this.key = key;
        this.origins = origins;
    }

    public String tokenFor(String sessionId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.mac("csrf", sessionId));
    }

    public static boolean changesState(Context ctx) {
        return !SAFE.contains(ctx.method().name().toUpperCase(Locale.ROOT));
    }

    /** Refuses (403) a cookie-authenticated state change from a foreign origin or without its session's token. */
    public void check(Context ctx, Authentication authentication) {
        if (authentication.via() != Authentication.Via.COOKIE || !changesState(ctx)) {
            return;
        }
        checkOrigin(ctx);
        var expected = tokenFor(authentication.sessionId());
        if (!Secrets.constantTimeEquals(expected, submitted(ctx))) {
            throw new Forbidden("this request rides on the session cookie but lacks its CSRF token: send the value of the "
                    + SessionCookie.CSRF_NAME + " cookie in the " + HEADER + " header (or the " + FORM_FIELD
                    + " form field), or authenticate with `Authorization: Bearer <token>` instead");
        }
    }

    /**
     * Refuses (403) a state change that a browser says comes from a page we do not trust. Requests
     * without Origin and Referer (curl, scripts) pass this check; they still need the token.
     */
    public void checkOrigin(Context ctx) {
        var origin = ctx.header("Origin");
        if (origin == null) {
            var referer = ctx.header("Referer");
            origin = referer == null ? null : TrustedOrigins.originOf(referer);
            if (origin == null) {
                return;
            }
        }
        if (!origins.trusts(origin, ctx)) {
            throw new Forbidden("cross-origin request refused: a page at " + abbreviate(origin)
                    + " may not change data with this browser's DBBasic session");
        }
    }

    /** The double-submit check of the login form, before any session exists: the form field must match the cookie. */
    public void checkDoubleSubmit(Context ctx) {
        checkOrigin(ctx);
        var cookie = ctx.cookie(SessionCookie.CSRF_NAME);
        if (cookie == null || cookie.length() < 16 || !Secrets.constantTimeEquals(cookie, submitted(ctx))) {
            throw new Forbidden("the form has expired or was not sent by this site; reload the page and try again");
        }
    }

    private static String submitted(Context ctx) {
        var header = ctx.header(HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        var type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            return ctx.formParam(FORM_FIELD);
        }
        return null;
    }

    private static String abbreviate(String text) {
        var clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
