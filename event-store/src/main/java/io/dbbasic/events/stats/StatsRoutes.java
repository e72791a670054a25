package io.dbbasic.events.stats;

import io.javalin.config.RoutesConfig;

/** {@code GET /api/stats}. */
public final class StatsRoutes {
    private final EventStats stats;

    public StatsRoutes(EventStats stats) {
        this.stats = stats;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/api/stats", ctx -> ctx.json(stats.current()));
    }
}
