package io.dbbasic.crud.outbox;

import io.dbbasic.common.errors.BadRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code GET /api/system/outbox}: the lag of each file's relay and the latest dead letters ({@code ?limit=}, default 100). */
public final class OutboxRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private final Outbox outbox;

    public OutboxRoutes(Outbox outbox) {
        this.outbox = outbox;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/system/outbox", this::report);
    }

    private void report(Context ctx) {
        ctx.json(outbox.report(limit(ctx.queryParam("limit"))));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            var limit = Integer.parseInt(text.trim());
            if (limit >= 0) {
                return Math.min(limit, MAX_LIMIT);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("limit must be a whole number from 0 to " + MAX_LIMIT);
    }
}
