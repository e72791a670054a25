package io.dbbasic.monitor;

import io.dbbasic.common.activity.Activity;
import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.dbbasic.monitor.activity.ActivityLog;
import io.dbbasic.monitor.activity.ActivityRoutes;
import io.dbbasic.monitor.activity.StoredActivity;
import io.dbbasic.monitor.dashboard.DashboardRoutes;
import io.dbbasic.monitor.health.ServicePoller;
import io.dbbasic.monitor.health.ServiceStatus;
import io.dbbasic.monitor.health.ServicesRoutes;
import io.dbbasic.monitor.health.Target;
import io.dbbasic.monitor.health.YamlError;
import io.dbbasic.monitor.live.LiveHub;
import io.dbbasic.monitor.live.LiveMessages;
import io.dbbasic.monitor.metrics.MetricsRoutes;
import io.dbbasic.monitor.metrics.RequestWindows;
import io.dbbasic.monitor.metrics.Sampler;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** The composition root of the realtime-monitor service: the dashboard, its API and the static site. */
public final class RealtimeMonitorApp {
    private static final String NAME = ServiceId.REALTIME_MONITOR.serviceName();

    private RealtimeMonitorApp() {}

    public static Javalin create(Environment env) {
        return create(env, Clock.systemUTC());
    }

    static Javalin create(Environment env, Clock clock) {
        var json = Json.newMapper();
        var auth = ServiceAuth.create(env, NAME);
        var db = MonitorDb.open(env.dataDir());
        var activity = new ActivityLog(db, json, clock);
        var windows = new RequestWindows(clock);
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        // The hub greets a browser with the poller's state, and the poller reports to the hub: the
        // reference breaks that cycle, and is set before the server starts.
        var pollerRef = new AtomicReference<ServicePoller>();
        var metricsRef = new AtomicReference<MetricsRoutes>();
        var yamlEvents = new YamlErrorEvents(clock, activity::ingest);
        var hub = new LiveHub(json, () -> List.of(
                new LiveMessages.HealthMessage(pollerRef.get().statuses()),
                new LiveMessages.ConfigErrorMessage(pollerRef.get().yamlErrors()),
                metricsRef.get().current()));

        // The monitor's own requests go straight into its log: it never posts to itself.
        return Service.create(NAME, env, activity::ingest, wiring -> {
            ServicePoller.Probe self = () -> CompletableFuture.completedFuture(new ServicePoller.Observation(
                    200, json.valueToTree(wiring.health().report()), 0.0, wiring.metrics().scrape()));
            var poller = new ServicePoller(Target.of(env), Map.of(NAME, self), http, json, clock, () -> Map.of("Authorization", auth.authorization()),
                    new ServicePoller.Listener() {
                        @Override
                        public void serviceChanged(ServiceStatus before, ServiceStatus after) {
                            activity.ingest(List.of(healthEvent(before, after, clock)));
                            hub.broadcast(new LiveMessages.HealthMessage(pollerRef.get().statuses()));
                        }

                        @Override
                        public void yamlErrorsChanged(List<YamlError> errors) {
                            hub.broadcast(new LiveMessages.ConfigErrorMessage(errors));
                            yamlEvents.changed(errors);
                        }
                    });
            pollerRef.set(poller);
            var sampler = new Sampler(windows, db, clock, poller::statuses);
            var metrics = new MetricsRoutes(sampler, poller);
            metricsRef.set(metrics);
            var ticker = new Ticker(poller, sampler, metrics, activity, hub);

            activity.subscribe(batch -> windows.record(batch.stream().map(StoredActivity::activity).toList()));
            activity.subscribe(batch -> hub.broadcast(new LiveMessages.ActivityMessage(batch)));
            activity.subscribe(batch -> configErrorsIn(batch).forEach(poller::refresh));
            activity.subscribe(yamlEvents::seen);

            wiring.config().staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/monitor-assets";
                files.location = Location.CLASSPATH;
            });
            new Access(auth).addTo(wiring.routes());
            new DashboardRoutes(poller).addTo(wiring.routes());
            new ServicesRoutes(poller).addTo(wiring.routes());
            metrics.addTo(wiring.routes());
            new ActivityRoutes(activity).addTo(wiring.routes());
            hub.addTo(wiring.routes(), "/ws");

            wiring.config().events.serverStarted(ticker::start);
            wiring.config().events.serverStopped(() -> {
                ticker.close();
                db.close();
            });
        });
    }

    /** A service that reported a YAML error is probed at once, so the dashboard's error list follows within a second. */
    private static List<String> configErrorsIn(List<StoredActivity> batch) {
        return batch.stream().map(StoredActivity::activity).filter(a -> Activity.CONFIG_ERROR.equals(a.type()))
                .map(Activity::service).distinct().toList();
    }

    private static Activity healthEvent(ServiceStatus before, ServiceStatus after, Clock clock) {
        var detail = new LinkedHashMap<String, Object>();
        detail.put("status", after.status());
        detail.put("previous", before.lastSeen() == null && before.status().equals(ServiceStatus.DOWN) ? null : before.status());
        if (after.reason() != null) {
            detail.put("reason", after.reason());
        }
        if (!after.problems().isEmpty()) {
            detail.put("problems", after.problems());
        }
        return new Activity(after.name(), Activity.HEALTH, null, null, null, null, null, clock.instant(), detail);
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.REALTIME_MONITOR));
        Service.run(StaticSite.create(env), env.staticPort());
    }
}
