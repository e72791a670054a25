package io.dbbasic.common.service;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each request and records it in the {@code http_server_requests} timer (per route, method and status). */
final class RequestMetrics implements RequestLogger {
    private static final Logger log = LoggerFactory.getLogger("dbbasic.requests");
    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        if (route.equals("/health") || route.equals("/metrics")) {
            log.debug("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), millis);
        } else {
            log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), millis);
        }
    }

    /** The route template, not the raw path, so that ids do not explode the number of series. */
    private static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
