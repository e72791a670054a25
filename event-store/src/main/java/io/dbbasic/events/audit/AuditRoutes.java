package io.dbbasic.events.audit;

import io.javalin.config.RoutesConfig;

/** {@code GET /api/audit/{resource}/{id}}. */
public final class AuditRoutes {
    private final AuditHistory history;

    public AuditRoutes(AuditHistory history) {
        this.history = history;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/api/audit/{resource}/{id}", ctx -> ctx.json(history.of(ctx.pathParam("resource"), ctx.pathParam("id"))));
    }
}
