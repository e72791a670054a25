package io.dbbasic.crud;

import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.javalin.Javalin;

/** The composition root of the crud-engine service. */
public final class CrudEngineApp {
    private CrudEngineApp() {}

    public static Javalin create(Environment env) {
        return Service.create(ServiceId.CRUD_ENGINE.serviceName(), env, wiring -> {
            wiring.routes().get("/", wiring.pages().about("CRUD engine", "Turns the YAML files of your app into tables, a REST API and an admin UI, live."));
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.CRUD_ENGINE));
    }
}
