package io.dbbasic.monitor.activity;

import io.dbbasic.common.activity.RequestActivity;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code GET /api/activity} (newest first) and {@code POST /api/activity} (a service's batch). */
public final class ActivityRoutes {
    private final ActivityLog log;

    public ActivityRoutes(ActivityLog log) {
        this.log = log;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/api/activity", this::find);
        routes.post("/api/activity", this::ingest);
    }

    private void find(Context ctx) {
        ctx.json(log.find(ActivityFilter.parse(ctx.queryParam("service"), ctx.queryParam("type"),
                ctx.queryParam("resource"), ctx.queryParam("limit"))));
    }

    private void ingest(Context ctx) {
        ctx.attribute(RequestActivity.SKIP, true);   // reporting ingestion would feed the feed with itself
        var accepted = log.ingest(ctx.bodyAsClass(com.fasterxml.jackson.databind.JsonNode.class));
        ctx.status(202).json(Map.of("accepted", accepted));
    }
}
