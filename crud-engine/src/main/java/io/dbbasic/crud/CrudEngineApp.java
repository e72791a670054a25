package io.dbbasic.crud;

import io.dbbasic.common.activity.ActivityReporter;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.Diagnostic;
import io.dbbasic.crud.live.AppWatcher;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.models.ModelsRoutes;
import io.dbbasic.crud.openapi.OpenApiRoutes;
import io.dbbasic.crud.records.ReadScope;
import io.dbbasic.crud.records.RecordRoutes;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.records.TransferRoutes;
import io.dbbasic.crud.records.WriteHooks;
import io.dbbasic.crud.schema.MigrationRefused;
import io.dbbasic.crud.storage.Databases;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/** The composition root of the crud-engine service. */
public final class CrudEngineApp {
    /** How long the app folder must be quiet before a reload: editors save in bursts. */
    static final Duration RELOAD_QUIET = Duration.ofMillis(100);

    private CrudEngineApp() {}

    public static Javalin create(Environment env) {
        var databases = new Databases(env.dataDir(), Clock.systemUTC());
        var live = new LiveModel(env.appDir(), new AppLoader(), resource -> {
            try {
                databases.schema(resource.database()).apply(resource);
            } catch (MigrationRefused e) {
                throw new LiveModel.Refused(String.join("; ", e.messages()) + " (the previous version keeps serving)");
            }
        });
        var json = Json.newMapper();
        var records = new Records(databases, () -> live.current().model(), json, Clock.systemUTC(), WriteHooks.NONE);
        live.onChange(change -> change.changedResources().forEach(records::schemaChanged));
        var watcher = new AppWatcher(env.appDir(), RELOAD_QUIET, live::reload);
        Function<Context, Caller> callers = ctx -> Caller.anonymous(ctx.ip());
        var app = Service.create(ServiceId.CRUD_ENGINE.serviceName(), env, wiring -> {
            reportActivity(wiring.activity(), live, records);
            wiring.health().register(() -> live.current().errors().stream().map(Diagnostic::toString).toList());
            wiring.routes().get("/", wiring.pages().about("CRUD engine",
                    "Turns the YAML files of your app into tables, a REST API and an admin UI, live."));
            new OpenApiRoutes(live, wiring.json()).register(wiring.routes());
            new ModelsRoutes(live, records, env.appDir(), hook -> false).register(wiring.routes());
            var transfers = new TransferRoutes(() -> live.current().model(), records, callers, wiring.json(), env.dataDir(), ReadScope.EVERYTHING,
                    Clock.systemUTC());
            new RecordRoutes(() -> live.current().model(), records, callers, wiring.json(), transfers).register(wiring.routes());
            wiring.config().events.serverStopped(() -> {
                watcher.close();
                records.close();
                databases.close();
            });
        });
        live.reload();
        watcher.start();
        return app;
    }

    /** Reloads, YAML errors and record changes go to the monitor's feed (never blocking: the reporter buffers). */
    private static void reportActivity(ActivityReporter activity, LiveModel live, Records records) {
        live.onChange(change -> {
            change.changedResources().forEach(name -> activity.reload(name, "loaded"));
            change.removedResources().forEach(name -> activity.reload(name, "no longer served (its file is gone; the data is kept)"));
            change.snapshot().errors().forEach(error -> activity.configError(error.location().file().toString(),
                    error.location().line(), error.location().column(), error.message()));
        });
        records.onCommitted(changes -> changes.forEach(change -> activity.change(change.resource(), change.type().wireName(), change.id())));
    }

    public static void main(String[] args) {
        var env = Environment.fromSystem();
        Service.run(create(env), env.port(ServiceId.CRUD_ENGINE));
    }
}
