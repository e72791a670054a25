package io.dbbasic.events;

import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.events.api.StreamRoutes;
import io.dbbasic.events.audit.AuditHistory;
import io.dbbasic.events.audit.AuditRoutes;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.log.LogSettings;
import io.dbbasic.events.stats.EventStats;
import io.dbbasic.events.stats.StatsRoutes;
import io.dbbasic.events.subscribe.SubscriptionHub;
import io.dbbasic.events.subscribe.SubscriptionRoutes;
import io.dbbasic.events.ui.HomeRoutes;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.util.Set;

/**
 * The composition root of the event-store service: opens {@code events.duckdb} in the data dir, starts
 * the log's writer and the subscription hub, wires the routes, and closes them in reverse order when
 * the server stops.
 */
public final class EventStoreApp {
    /** Subscription flow control: messages and bytes queued in one WebSocket at most. */
    static final int SUBSCRIBER_IN_FLIGHT = 512;
    static final long SUBSCRIBER_IN_FLIGHT_BYTES = 4L * 1024 * 1024;
    /** Besides {@code /health} and {@code /metrics}: the page's assets, which hold no data (CONTRACT §9). */
    private static final Set<String> PUBLIC_PATHS = Set.of("/favicon.ico", "/assets/");

    private EventStoreApp() {}

    public static Javalin create(Environment env) {
        return create(env, LogSettings.DEFAULTS);
    }

    /** Tests use this to shrink the ring or the queue. */
    public static Javalin create(Environment env, LogSettings settings) {
        var auth = ServiceAuth.create(env, ServiceId.EVENT_STORE.serviceName());
        return Service.create(ServiceId.EVENT_STORE.serviceName(), env, wiring -> {
            var clock = Clock.systemUTC();
            var file = DuckDbFile.open(env.dataDir().resolve("events.duckdb"));
            var log = new EventLog(file, clock, settings, wiring.metrics());
            var hub = new SubscriptionHub(log, wiring.json(), wiring.metrics(), SUBSCRIBER_IN_FLIGHT, SUBSCRIBER_IN_FLIGHT_BYTES);
            var stats = new EventStats(log, file, clock);

            wiring.health().register(log::problems);
            wiring.config().staticFiles.add(files -> {
                files.hostedPath = "/assets/event-store";
                files.directory = "/event-store-assets";
                files.location = Location.CLASSPATH;
            });
            var routes = wiring.routes();
            auth.requireLogin(routes, PUBLIC_PATHS);   // CONTRACT §9: an account (or a service token) for everything else
            new StreamRoutes(log).addTo(routes);
            new SubscriptionRoutes(hub).addTo(routes, auth::requireSocketCaller);
            new StatsRoutes(stats).addTo(routes);
            new AuditRoutes(new AuditHistory(log, wiring.json())).addTo(routes);
            new HomeRoutes(log, stats).addTo(routes);

            wiring.config().events.serverStopped(() -> {
                hub.close();
                log.close();
                file.close();
            });
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.EVENT_STORE));
    }
}
