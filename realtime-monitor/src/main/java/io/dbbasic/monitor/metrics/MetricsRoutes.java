package io.dbbasic.monitor.metrics;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.monitor.health.ServicePoller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;

/** {@code GET /api/metrics?minutes=15}: current figures plus the chart series of the last 1–60 minutes. */
public final class MetricsRoutes {
    static final int DEFAULT_MINUTES = 15;
    static final int MAX_MINUTES = 60;

    private final Sampler sampler;
    private final ServicePoller poller;

    public MetricsRoutes(Sampler sampler, ServicePoller poller) {
        this.sampler = sampler;
        this.poller = poller;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/api/metrics", this::metrics);
    }

    /** The report without series, as the WebSocket sends it every tick. */
    public MetricsReport current() {
        return report(null);
    }

    private void metrics(Context ctx) {
        var minutes = minutes(ctx.queryParam("minutes"));
        ctx.json(report(sampler.since(Duration.ofMinutes(minutes))));
    }

    private MetricsReport report(Series series) {
        return new MetricsReport(MetricsReport.TYPE, sampler.now(), sampler.windowSeconds(),
                ServicePoller.INTERVAL.toSeconds(), sampler.latest(), poller.recordCounts(), poller.eventStoreStats(), series);
    }

    private static int minutes(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MINUTES;
        }
        try {
            var n = Integer.parseInt(value.strip());
            if (n >= 1 && n <= MAX_MINUTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new BadRequest("minutes must be a whole number from 1 to " + MAX_MINUTES + ", not '" + value + "'");
    }
}
