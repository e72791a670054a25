package io.dbbasic.monitor;

import io.dbbasic.common.auth.ServiceAuth;
import io.javalin.config.RoutesConfig;
import java.util.Set;

/**
 * The one seam where the monitor decides who may use it. CONTRACT §9 wants an authenticated caller for
 * everything but {@code /health} and {@code /metrics}: browsers without the {@code dbbasic_session}
 * cookie go to the crud-engine's {@code /login?next=…}, API clients get a 401, services posting
 * activity present a service token. The page assets are public (they hold no data).
 */
final class Access {
    private static final Set<String> PUBLIC = Set.of("/favicon.ico", "/assets/");

    private final ServiceAuth auth;

    Access(ServiceAuth auth) {
        this.auth = auth;
    }

    void addTo(RoutesConfig routes) {
        auth.requireLogin(routes, PUBLIC);
    }
}
