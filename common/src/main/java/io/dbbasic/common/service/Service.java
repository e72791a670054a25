package io.dbbasic.common.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.activity.ActivityReporter;
import io.dbbasic.common.activity.ActivityTransport;
import io.dbbasic.common.auth.TrustedOrigins;
import io.dbbasic.common.auth.WebSecurity;
import io.dbbasic.common.errors.ProblemErrorHandler;
import io.dbbasic.common.errors.ProblemMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.web.Pages;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bootstrap every DBBasic service is built on: JSON with ISO-8601 dates, RFC 9457 problem bodies,
 * {@code /health}, {@code /metrics}, request logging, the shared page layout and a bounded request size.
 * Each service's composition root calls {@link #create} once and adds its own routes in {@code wiring}.
 */
public final class Service {
    public static final long MAX_REQUEST_BYTES = 10L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(Service.class);

    private Service() {}

    /**
     * What a service's composition root gets to wire its features into; {@code activity} reports
     * change, hook, reload and config_error events to the monitor (requests are reported already).
     */
    public record Wiring(JavalinConfig config, RoutesConfig routes, Environment env,
                         PrometheusMeterRegistry metrics, Health health, ObjectMapper json, Pages pages,
                         ActivityReporter activity) {}

    public static Javalin create(String name, Environment env, Consumer<Wiring> wiring) {
        return create(name, env, ActivityTransport.toMonitor(env, name), wiring);
    }

    /** As above, with activity delivered through {@code activityTransport} (the monitor ingests its own in-process). */
    public static Javalin create(String name, Environment env, ActivityTransport activityTransport, Consumer<Wiring> wiring) {
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.config().commonTags("service", name);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ClassLoaderMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        var health = new Health(name, Version.current(), Clock.systemUTC());
        var json = Json.newMapper();
        var pages = new Pages(name, env);
        var activity = new ActivityReporter(name, activityTransport, metrics);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.fileRenderer(pages.renderer());
            config.staticFiles.enableWebjars();
            config.requestLogger.http(new RequestMetrics(metrics, activity));
            config.events.serverStarted(activity::start);
            config.events.serverStopped(activity::close);
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(5_000);
                server.setErrorHandler(new ProblemErrorHandler());
            });
            ProblemMapper.install(config.routes);
            webSecurity(env).install(config.routes);
            config.routes.get("/health", ctx -> ctx.json(health.report()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            wiring.accept(new Wiring(config, config.routes, env, metrics, health, json, pages, activity));
        });
    }

    /** Security headers on every response, CORS only for {@code DBBASIC_CORS_ORIGINS}. */
    private static WebSecurity webSecurity(Environment env) {
        var ports = java.util.Arrays.stream(ServiceId.values()).map(env::port).collect(java.util.stream.Collectors.toSet());
        return new WebSecurity(new TrustedOrigins(ports, TrustedOrigins.parseCors(env.variables().get("DBBASIC_CORS_ORIGINS"))));
    }

    /**
     * Starts the app on {@code port} and stops it gracefully when the JVM is asked to exit (Ctrl-C, SIGTERM).
     * A service that cannot start (its port taken, say) exits at once with status 1 rather than idling
     * half-started, so the launcher sees the failure immediately.
     */
    public static Javalin run(Javalin app, int port) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping");
            app.stop();
        }, "graceful-shutdown"));
        try {
            return app.start(port);
        } catch (RuntimeException e) {
            log.error("cannot start on port {}: {}", port, e.getMessage());
            System.exit(1);
            throw e;
        }
    }
}
