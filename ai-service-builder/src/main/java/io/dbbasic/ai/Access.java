package io.dbbasic.ai;

import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.Csrf;
import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.errors.Forbidden;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;

/**
 * Who may use the builder (CONTRACT §6, §9). Everything but {@code /health} and {@code /metrics} needs an
 * account (a browser without one goes to the crud-engine's login). Of the API's state changes, a hook
 * call ({@code /invoke}) is for services (the crud-engine's service token) and admins, running a
 * service's tests is for any account, and everything that changes services (generate, save, activate,
 * delete) is for admins.
 */
final class Access {
    private static final Set<String> PUBLIC = Set.of("/favicon.ico");

    private final ServiceAuth auth;

    Access(ServiceAuth auth) {
        this.auth = auth;
    }

    void addTo(RoutesConfig routes) {
        auth.requireLogin(routes, PUBLIC);
        routes.before("/api/<rest>", Access::authorize);
    }

    private static void authorize(Context ctx) {
        if (!Csrf.changesState(ctx)) {
            return;
        }
        var caller = AuthGate.caller(ctx);
        var path = ctx.path();
        if (path.endsWith("/invoke")) {
            require(caller.isService() || caller.isAdmin(), "calling a hook needs a service token or the admin role");
        } else if (!path.endsWith("/test")) {
            require(caller.isAdmin(), "changing hook services needs the admin role");
        }
    }

    private static void require(boolean allowed, String why) {
        if (!allowed) {
            throw new Forbidden(why);
        }
    }
}
