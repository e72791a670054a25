package io.dbbasic.events;

import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.javalin.Javalin;

/** The composition root of the event-store service. */
public final class EventStoreApp {
    private EventStoreApp() {}

    public static Javalin create(Environment env) {
        return Service.create(ServiceId.EVENT_STORE.serviceName(), env, wiring -> {
            wiring.routes().get("/", wiring.pages().about("Event store", "An append-only event log with streams, optimistic concurrency and subscriptions. Every CRUD change lands here."));
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.EVENT_STORE));
    }
}
