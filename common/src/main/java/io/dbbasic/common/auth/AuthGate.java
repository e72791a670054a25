package io.dbbasic.common.auth;

import io.dbbasic.common.errors.Forbidden;
import io.dbbasic.common.errors.NotAuthenticated;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Locale;
import java.util.Set;

/**
 * The before-handler every service shares. {@link #identify} authenticates the request once, keeps the
 * result on the request for the handlers ({@link #caller}), and refuses cross-site state changes that
 * ride on the cookie. {@link #requireCaller} also insists on an account: a browser asking for a page is
 * sent to the crud-engine's login (and comes back afterwards), an API client gets a 401 that says how
 * to authenticate.
 */
public final class AuthGate {
    static final String ATTRIBUTE = "dbbasic.authentication";
    static final String CSRF_ATTRIBUTE = "csrf";

    private final Authenticator authenticator;
    private final Csrf csrf;
    private final LoginUrls loginUrls;
    private final Set<String> csrfExempt;

    /** {@code csrfExempt}: paths that do their own CSRF check (the login form and API, which run before any session). */
    public AuthGate(Authenticator authenticator, Csrf csrf, LoginUrls loginUrls, Set<String> csrfExempt) {
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.loginUrls = loginUrls;
        this.csrfExempt = Set.copyOf(csrfExempt);
    }

    /** Who is asking; 401 for a bad Bearer token, 403 for a forged cross-site request. Idempotent per request. */
    public Authentication identify(Context ctx) {
        Authentication known = ctx.attribute(ATTRIBUTE);
        if (known != null) {
            return known;
        }
        var authentication = authenticator.authenticate(ctx);
        ctx.attribute(ATTRIBUTE, authentication);
        if (authentication.sessionId() != null) {
            ctx.attribute(CSRF_ATTRIBUTE, csrf.tokenFor(authentication.sessionId()));
        }
        if (csrfExempt.contains(ctx.path())) {
            if (Csrf.changesState(ctx)) {
                csrf.checkOrigin(ctx);
            }
        } else {
            csrf.check(ctx, authentication);
        }
        return authentication;
    }

    /**
     * Identifies the caller and requires an account. Returns true when the request may go on; false when
     * a browser was redirected to the login page (the remaining handlers are skipped).
     */
    public boolean requireCaller(Context ctx) {
        var authentication = identify(ctx);
        if (authentication.caller().authenticated()) {
            return true;
        }
        if (wantsPage(ctx)) {
            ctx.redirect(loginUrls.page(ctx), HttpStatus.FOUND);
            ctx.skipRemainingHandlers();
            return false;
        }
        throw new NotAuthenticated("this needs an account: " + loginUrls.howTo(ctx));
    }

    /** As {@link #requireCaller}, then requires the admin role (403 otherwise). */
    public boolean requireAdmin(Context ctx) {
        if (!requireCaller(ctx)) {
            return false;
        }
        if (!caller(ctx).isAdmin()) {
            throw new Forbidden("this needs the admin role");
        }
        return true;
    }

    /** The caller {@link #identify} found; anonymous (never an account) when the gate did not run. */
    public static Caller caller(Context ctx) {
        return authentication(ctx).caller();
    }

    /**
     * The caller of a WebSocket, as {@link #identify} found it on the upgrade request (install
     * {@code routes.wsBeforeUpgrade(gate::identify)} or {@link ServiceAuth#requireSocketCaller}); anonymous otherwise.
     */
    public static Caller caller(io.javalin.websocket.WsContext ws) {
        Authentication known = ws.attribute(ATTRIBUTE);
        if (known != null) {
            return known.caller();
        }
        var address = ws.session.getRemoteSocketAddress();
        return Caller.anonymous(address instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(address));
    }

    public static Authentication authentication(Context ctx) {
        Authentication known = ctx.attribute(ATTRIBUTE);
        return known != null ? known : Authentication.anonymous(ctx.req().getRemoteAddr());
    }

    /** The CSRF token of the request's session, for forms and scripts; empty without a session. */
    public static String csrfToken(Context ctx) {
        String token = ctx.attribute(CSRF_ATTRIBUTE);
        return token == null ? "" : token;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Csrf csrf() {
        return csrf;
    }

    public LoginUrls loginUrls() {
        return loginUrls;
    }

    /** A browser navigating to a page (not a script or API client): GET or HEAD that accepts HTML. */
    static boolean wantsPage(Context ctx) {
        var method = ctx.method().name();
        var accept = ctx.header("Accept");
        return (method.equals("GET") || method.equals("HEAD")) && accept != null
                && accept.toLowerCase(Locale.ROOT).contains("text/html")
                && !"websocket".equalsIgnoreCase(ctx.header("Upgrade"));
    }
}
