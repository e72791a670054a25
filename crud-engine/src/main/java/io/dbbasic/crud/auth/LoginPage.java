package io.dbbasic.crud.auth;

import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.Secrets;
import io.dbbasic.common.auth.SessionCookie;
import io.dbbasic.common.errors.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Set;

/**
 * {@code /login} (CONTRACT §4, §9): a form with {@code username} and {@code password} that signs the
 * browser in (the session cookie covers all four services) and returns to {@code ?next=} when that is a
 * page of this host. The form is protected against login CSRF with a double-submit value: the page sets
 * it in the {@code dbbasic_csrf} cookie and in a hidden field, and the POST must carry both, equal, from
 * a trusted origin.
 */
final class LoginPage {
    private static final int FORM_LIFETIME_SECONDS = 3600;

    private final AuthService auth;
    private final AuthGate gate;
    private final Secrets secrets;
    private final Set<Integer> servicePorts;

    LoginPage(AuthService auth, AuthGate gate, Secrets secrets, Set<Integer> servicePorts) {
        this.auth = auth;
        this.gate = gate;
        this.secrets = secrets;
        this.servicePorts = Set.copyOf(servicePorts);
    }

    void register(RoutesConfig routes) {
        routes.get("/login", ctx -> show(ctx, null, null, HttpStatus.OK));
        routes.post("/login", this::submit);
        routes.post("/logout", this::logout);
    }

    /** The top bar's "Log out" (a form post, so the gate has checked its CSRF token): ends the session, back to the login. */
    private void logout(Context ctx) {
        auth.logout(AuthGate.authentication(ctx));
        SessionCookie.clear(ctx);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, String username, String error, HttpStatus status) {
        // reuse the browser's value if it has one: two tabs with the login form must both work
        var value = ctx.cookie(SessionCookie.CSRF_NAME);
        if (value == null || value.length() < 16 || !value.matches("[A-Za-z0-9_-]+")) {
            value = secrets.nonce();
            SessionCookie.setCsrf(ctx, value, FORM_LIFETIME_SECONDS);
        }
        var model = new HashMap<String, Object>();
        model.put("csrf", value);
        model.put("next", SafeNext.resolve(ctx.formParam("next") != null ? ctx.formParam("next") : ctx.queryParam("next"), ctx, servicePorts));
        model.put("username", username == null ? "" : username);
        model.put("error", error);
        model.put("signedInAs", AuthGate.caller(ctx).authenticated() ? AuthGate.caller(ctx).username() : null);
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).render("auth/login.html", model);
    }

    private void submit(Context ctx) {
        var username = ctx.formParam("username");
        try {
            gate.csrf().checkDoubleSubmit(ctx);
            var login = auth.login(username, ctx.formParam("password"), gate.authenticator().clientAddress(ctx),
                    AuthGate.authentication(ctx).sessionId());
            SessionCookie.set(ctx, login.token(), Duration.between(Instant.now(), login.expiresAt()), gate.csrf().tokenFor(login.sessionId()));
            ctx.redirect(SafeNext.resolve(ctx.formParam("next"), ctx, servicePorts), HttpStatus.SEE_OTHER);
        } catch (ApiException e) {
            // the page answers with the form again, the reason on it, and the status the API would give
            e.headers().forEach(ctx::header);
            show(ctx, username, e.detail(), HttpStatus.forStatus(e.status()));
        }
    }
}
