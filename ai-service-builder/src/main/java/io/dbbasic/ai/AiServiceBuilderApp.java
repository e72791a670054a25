package io.dbbasic.ai;

import io.dbbasic.ai.gate.Gate;
import io.dbbasic.ai.generate.Generation;
import io.dbbasic.ai.generate.Generator;
import io.dbbasic.ai.generate.offline.OfflineGenerator;
import io.dbbasic.ai.generate.openai.OpenAiGenerator;
import io.dbbasic.ai.models.CatalogSource;
import io.dbbasic.ai.sandbox.WorkerPool;
import io.dbbasic.ai.services.NotificationLog;
import io.dbbasic.ai.services.ServiceRegistry;
import io.dbbasic.ai.services.ServiceRoutes;
import io.dbbasic.ai.services.ServiceFiles;
import io.dbbasic.ai.services.ServiceStatus;
import io.dbbasic.ai.services.ServiceWatcher;
import io.dbbasic.ai.ui.UiRoutes;
import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import java.time.Clock;
import java.util.ArrayList;

/** The composition root of the ai-service-builder service (CONTRACT §6). */
public final class AiServiceBuilderApp {
    private AiServiceBuilderApp() {}

    public static Javalin create(Environment env) {
        return create(BuilderConfig.from(env));
    }

    public static Javalin create(BuilderConfig config) {
        var clock = Clock.systemUTC();
        var auth = ServiceAuth.create(config.env(), ServiceId.AI_SERVICE_BUILDER.serviceName());
        var gate = new Gate();
        var pool = new WorkerPool(config.limits());
        var files = new ServiceFiles(config.servicesDir());
        return Service.create(ServiceId.AI_SERVICE_BUILDER.serviceName(), config.env(), wiring -> {
            var notifications = new NotificationLog(config.dataDir().resolve("notifications.jsonl"), wiring.json());
            var registry = new ServiceRegistry(files, gate, pool, notifications, wiring.metrics(), clock);
            registry.loadAll();
            var watcher = new ServiceWatcher(registry).start();
            var catalogs = new CatalogSource(config.crudUrl(), auth::authorization, config.env().appDir(), wiring.json(), clock);
            Generator generator = config.openAi().<Generator>map(OpenAiGenerator::new).orElseGet(OfflineGenerator::new);
            var generation = new Generation(generator, registry, catalogs);

            wiring.health().register(() -> {
                var problems = new ArrayList<String>();
                registry.all().stream().filter(s -> s.status() == ServiceStatus.INVALID)
                        .forEach(s -> problems.add("service " + s.name() + " is invalid" + (s.serving() ? " (its last good version serves)" : "")));
                return problems;
            });
            Gauge.builder("dbbasic.hook.worker.restarts", pool, WorkerPool::restarts)
                    .description("Hook worker JVMs restarted after a runaway or out-of-memory hook").register(wiring.metrics());
            new Access(auth).addTo(wiring.routes());
            wiring.routes().apiBuilder(new ServiceRoutes(registry, generation, catalogs, notifications, wiring.json()));
            wiring.routes().apiBuilder(new UiRoutes(registry, generation, catalogs, notifications, wiring.json()));
            wiring.config().events.serverStopped(() -> {
                watcher.close();
                pool.close();
            });
        });
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.AI_SERVICE_BUILDER));
    }
}
