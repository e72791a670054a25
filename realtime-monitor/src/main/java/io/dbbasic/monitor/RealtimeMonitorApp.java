package io.dbbasic.monitor;

import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.javalin.Javalin;
import java.util.Set;

/** The composition root of the realtime-monitor service. */
public final class RealtimeMonitorApp {
    private RealtimeMonitorApp() {}

    public static Javalin create(Environment env) {
        var auth = ServiceAuth.create(env, ServiceId.REALTIME_MONITOR.serviceName());
        return Service.create(ServiceId.REALTIME_MONITOR.serviceName(), env, wiring -> {
            auth.requireLogin(wiring.routes(), Set.of());   // CONTRACT §9: everything but /health and /metrics needs an account
            wiring.routes().get("/", wiring.pages().about("Monitor", "The main dashboard: live service health, an operations feed and metrics from every service."));
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.REALTIME_MONITOR));
        Service.run(StaticSite.create(env), env.staticPort());
    }
}
