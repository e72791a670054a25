package io.dbbasic.crud;

import io.dbbasic.common.activity.ActivityReporter;
import io.dbbasic.common.auth.ServiceTokens;
import io.dbbasic.common.events.EventStoreClient;
import io.dbbasic.common.hooks.HookClient;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.dbbasic.common.tasks.TaskQueue;
import io.dbbasic.common.tasks.TaskWorker;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.Diagnostic;
import io.dbbasic.crud.auth.AccountFields;
import io.dbbasic.crud.auth.AccountResource;
import io.dbbasic.crud.auth.CrudAuth;
import io.dbbasic.crud.hooks.AfterHooks;
import io.dbbasic.crud.hooks.HookDirectory;
import io.dbbasic.crud.hooks.HookRunner;
import io.dbbasic.crud.live.AppWatcher;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.models.ModelsRoutes;
import io.dbbasic.crud.openapi.OpenApiRoutes;
import io.dbbasic.crud.outbox.Outbox;
import io.dbbasic.crud.outbox.OutboxRoutes;
import io.dbbasic.crud.outbox.RelaySettings;
import io.dbbasic.crud.realtime.RealtimeHub;
import io.dbbasic.crud.realtime.RealtimeRoutes;
import io.dbbasic.crud.records.RecordRoutes;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.records.Seeds;
import io.dbbasic.crud.records.TransferRoutes;
import io.dbbasic.crud.schema.MigrationRefused;
import io.dbbasic.crud.storage.Databases;
import io.dbbasic.crud.tasks.TaskRoutes;
import io.dbbasic.crud.ui.AdminUi;
import io.dbbasic.crud.ui.UiAuth;
import io.dbbasic.crud.ui.detail.AuditHistory;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The composition root of the crud-engine service. Everything is built inside the bootstrap's wiring,
 * so features can report to the monitor from the start; the first load of the app runs last, once every
 * listener is in place.
 */
public final class CrudEngineApp {
    /** How long the app folder must be quiet before a reload: editors save in bursts. */
    static final Duration RELOAD_QUIET = Duration.ofMillis(100);
    /** A before-hook answers within this, or the write fails closed (503). */
    static final Duration HOOK_TIMEOUT = Duration.ofSeconds(5);

    private CrudEngineApp() {}

    public static Javalin create(Environment env) {
        var clock = Clock.systemUTC();
        return Service.create(ServiceId.CRUD_ENGINE.serviceName(), env, wiring -> {
            var json = wiring.json();
            var databases = new Databases(env.dataDir(), clock);
            var live = new LiveModel(env.appDir(), new AppLoader(), resource -> {
                var clash = AccountFields.clash(resource);
                if (clash.isPresent()) {
                    throw new LiveModel.Refused(clash.get());
                }
                try {
                    // the account resource's table also holds its hidden system fields (username, password hash…)
                    databases.schema(resource.database()).apply(AccountFields.forStorage(resource));
                } catch (MigrationRefused e) {
                    throw new LiveModel.Refused(String.join("; ", e.messages()) + " (the previous version keeps serving)");
                }
            });
            var builder = URI.create("http://localhost:" + env.port(ServiceId.AI_SERVICE_BUILDER));
            var tasks = TaskQueue.open(env.dataDir().resolve("tasks.duckdb"), taskSettings(env), clock, json, wiring.metrics());
            // calls to the other services carry the crud-engine's service token (CONTRACT §9)
            var serviceTokens = ServiceTokens.forService(env, ServiceId.CRUD_ENGINE.serviceName());
            var hookClient = new HookClient(builder, HOOK_TIMEOUT, json, serviceTokens::authorization);
            var worker = new TaskWorker(tasks, Map.of(HookRunner.TASK_KIND, new AfterHooks(hookClient, wiring.activity())::run), clock,
                    Duration.ofSeconds(5));
            var hooks = new HookRunner(hookClient, tasks, worker::wake, wiring.activity(), json,
                    env.variable("DBBASIC_STRICT_HOOKS").map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false));
            var accounts = new AccountResource(databases, () -> live.current().model());
            var records = new Records(databases, () -> live.current().model(), json, clock, hooks, accounts::current);
            live.onChange(change -> change.changedResources().forEach(records::schemaChanged));
            var seeds = new Seeds(records, json, env.appDir(), env.dataDir(), clock);
            live.onChange(change -> seeds.load(change.snapshot().model(), change.changedResources()));
            var auth = CrudAuth.create(env, databases, accounts, records, clock, System.out);
            live.onChange(change -> auth.modelChanged());   // after the seeds: sample accounts keep their ids, admin comes next
            auth.register(wiring);   // the gate first, then /api/auth/* and /login, before every other route
            // realtime (CONTRACT §5): commits and reloads feed the hub; a subscriber gets only what its read rule allows
            var realtime = new RealtimeHub(records, () -> live.current().model(), records::mayRead, json, RealtimeHub.Settings.defaults());
            records.onCommitted(realtime::published);
            live.onChange(realtime::modelChanged);
            realtime.start();
            // the outbox (CONTRACT §8): each database file's change log is relayed to the event store
            var eventStore = URI.create("http://localhost:" + env.port(ServiceId.EVENT_STORE));
            var outbox = new Outbox(eventStoreClient(eventStore, serviceTokens), eventStore.toString(), records::changeLogOf,
                    name -> live.current().model().resource(name).map(Resource::database), relaySettings(env), clock, wiring.metrics());
            records.onCommitted(outbox::committed);
            live.onChange(change -> change.snapshot().model().resources().forEach(resource -> outbox.open(resource.database())));
            reportActivity(wiring.activity(), live, records);
            var watcher = new AppWatcher(env.appDir(), RELOAD_QUIET, live::reload);

            wiring.health().register(() -> live.current().errors().stream().map(Diagnostic::toString).toList());
            wiring.health().register(outbox::problems);
            var hookDirectory = new HookDirectory(builder, serviceTokens::authorization, json, clock);
            new OpenApiRoutes(live, json).register(wiring.routes());
            new ModelsRoutes(live, records, env.appDir(), hookDirectory).register(wiring.routes());
            new TaskRoutes(tasks, worker::wake).register(wiring.routes());
            new OutboxRoutes(outbox).register(wiring.routes());
            var transfers = new TransferRoutes(() -> live.current().model(), records, CrudAuth::caller, json, env.dataDir(), clock);
            new AdminUi(new AdminUi.Parts(live, records, transfers, auth.ui(records), hookDirectory, env.appDir(), templatesDir(env),
                    new AuditHistory(eventStore, json, () -> Optional.of(serviceTokens.authorization())), json))
                    .register(wiring);
            new RecordRoutes(() -> live.current().model(), records, CrudAuth::caller, json, transfers).register(wiring.routes());
            wiring.config().events.serverStarted(worker::start);
            new RealtimeRoutes(realtime, CrudAuth::caller).register(wiring.routes());
            realtime.bindTo(wiring.metrics());
            wiring.config().events.serverStopping(realtime::close);
            wiring.config().events.serverStopped(() -> {
                watcher.close();
                worker.close();
                outbox.close();
                records.close();
                tasks.close();
                auth.close();
                databases.close();
            });
            live.reload();
            auth.start();   // admin on first start (the app is loaded now), and the shared auth state for the other services
            watcher.start();
        });
    }

    /** The ready-made apps the admin UI's gallery offers: {@code DBBASIC_TEMPLATES_DIR}, else {@code templates/}. */
    private static Path templatesDir(Environment env) {
        return Path.of(env.variable("DBBASIC_TEMPLATES_DIR").orElse("templates"));
    }

    /** Retry policy of after-hooks: {@code DBBASIC_TASK_MAX_ATTEMPTS} and {@code DBBASIC_TASK_RETRY_MS} (first backoff). */
    private static TaskQueue.Settings taskSettings(Environment env) {
        var defaults = TaskQueue.Settings.DEFAULT;
        var attempts = env.variable("DBBASIC_TASK_MAX_ATTEMPTS").map(Integer::parseInt).orElse(defaults.maxAttempts());
        var base = env.variable("DBBASIC_TASK_RETRY_MS").map(ms -> Duration.ofMillis(Long.parseLong(ms))).orElse(defaults.baseDelay());
        return new TaskQueue.Settings(attempts, base, defaults.maxDelay());
    }

    /** The one place the event-store client is made: it appends with the crud-engine's service token (CONTRACT §9). */
    private static EventStoreClient eventStoreClient(URI eventStore, ServiceTokens tokens) {
        return new EventStoreClient(eventStore, EventStoreClient.DEFAULT_TIMEOUT, () -> Optional.of(tokens.authorization()));
    }

    /** The relay's retry waits: {@code DBBASIC_OUTBOX_RETRY_MS} (the first) doubling up to {@code DBBASIC_OUTBOX_MAX_RETRY_MS}. */
    private static RelaySettings relaySettings(Environment env) {
        var defaults = RelaySettings.DEFAULTS;
        var first = env.variable("DBBASIC_OUTBOX_RETRY_MS").map(ms -> Duration.ofMillis(Long.parseLong(ms))).orElse(defaults.firstRetry());
        var max = env.variable("DBBASIC_OUTBOX_MAX_RETRY_MS").map(ms -> Duration.ofMillis(Long.parseLong(ms))).orElse(defaults.maxRetry());
        return defaults.withRetries(first, max.compareTo(first) < 0 ? first : max);
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
