package io.dbbasic.events;

import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.javalin.Javalin;
import java.util.Set;

/** The composition root of the event-store service. */
public final class EventStoreApp {
    private EventStoreApp() {}

    public static Javalin create(Environment env) {
        var auth = ServiceAuth.create(env, ServiceId.EVENT_STORE.serviceName());
        return Service.create(ServiceId.EVENT_STORE.serviceName(), env, wiring -> {
            auth.requireLogin(wiring.routes(), Set.of());   // CONTRACT §9: everything but /health and /metrics needs an account
            wiring.routes().get("/", wiring.pages().about("Event store", "An append-only event log with streams, optimistic concurrency and subscriptions. Every CRUD change lands here."));
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.EVENT_STORE));
    }
}
