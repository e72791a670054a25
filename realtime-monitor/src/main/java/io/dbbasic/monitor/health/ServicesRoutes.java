package io.dbbasic.monitor.health;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/services}: every watched service as last probed (CONTRACT §7). */
public final class ServicesRoutes {
    private final ServicePoller poller;

    public ServicesRoutes(ServicePoller poller) {
        this.poller = poller;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/api/services", this::services);
    }

    private void services(Context ctx) {
        ctx.json(poller.statuses());
    }
}
