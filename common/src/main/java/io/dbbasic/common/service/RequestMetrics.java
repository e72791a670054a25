package io.dbbasic.common.service;

import io.dbbasic.common.activity.ActivityReporter;
import io.dbbasic.common.activity.RequestActivity;
import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each request, records it in the {@code http_server_requests} timer (per route, method and status)
 * and hands it to the activity reporter for the monitor (which never blocks this thread).
 */
final class RequestMetrics implements RequestLogger {
    private static final Logger log = LoggerFactory.getLogger("dbbasic.requests");
    private final MeterRegistry registry;
    private final ActivityReporter activity;

    RequestMetrics(MeterRegistry registry, ActivityReporter activity) {
        this.registry = registry;
        this.activity = activity;
    }

    @Override
    public void handle(Context ctx, Float millis) {
        var route = route(ctx);
        Timer.builder("http.server.requests")
                .description("HTTP requests served, by route")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
        RequestActivity.of(activity.service(), ctx, route, millis, activity.now()).ifPresent(activity::report);
        if (route.equals("/health") || route.equals("/metrics")) {
            log.debug("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), millis);
        } else {
            log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), millis);
        }
    }

    /** The route template, not the raw path, so that ids do not explode the number of series. */
    private static String route(Context ctx) {
        try {
            // the last HTTP handler, not a before/after filter (path "*") that ran around a static file or a 404
            var endpoint = ctx.endpoints().lastHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
