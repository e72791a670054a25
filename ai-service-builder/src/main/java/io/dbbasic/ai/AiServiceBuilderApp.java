package io.dbbasic.ai;

import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.javalin.Javalin;
import java.util.Set;

/** The composition root of the ai-service-builder service. */
public final class AiServiceBuilderApp {
    private AiServiceBuilderApp() {}

    public static Javalin create(Environment env) {
        var auth = ServiceAuth.create(env, ServiceId.AI_SERVICE_BUILDER.serviceName());
        return Service.create(ServiceId.AI_SERVICE_BUILDER.serviceName(), env, wiring -> {
            auth.requireLogin(wiring.routes(), Set.of());   // CONTRACT §9: everything but /health and /metrics needs an account
            wiring.routes().get("/", wiring.pages().about("AI service builder", "Turns a plain-English description into a tested, sandboxed Java hook service that the CRUD engine calls."));
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.AI_SERVICE_BUILDER));
    }
}
