package io.dbbasic.crud.auth;

import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.AuthStateFile;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.auth.Passwords;
import io.dbbasic.common.auth.Secrets;
import io.dbbasic.common.auth.ServiceAuth;
import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.Tokens;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.service.ServiceId;
import io.dbbasic.crud.records.Change;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.storage.Databases;
import io.dbbasic.crud.ui.UiAuth;
import io.javalin.http.Context;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Auth in the crud-engine, wired: the account store, sessions and API tokens, the gate every request
 * passes, {@code /api/auth/*} and {@code /login}. The composition root builds it once the app is loaded
 * and calls {@link #register} inside its wiring.
 */
public final class CrudAuth implements AutoCloseable {
    /** The paths that check CSRF themselves (there is no session yet when they are used). */
    static final Set<String> CSRF_EXEMPT = Set.of("/api/auth/login", "/login");

    private final AuthDb db;
    private final AuthService service;
    private final ServiceAuth serviceAuth;
    private final FirstStart firstStart;
    private final Secrets secrets;
    private final Set<Integer> servicePorts;
    // account deletions seen by the writer thread are handled here, off that thread (it must not block)
    private final java.util.concurrent.ExecutorService background = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "auth-revocations");
        thread.setDaemon(true);
        return thread;
    });

    private CrudAuth(AuthDb db, AuthService service, ServiceAuth serviceAuth, FirstStart firstStart, Secrets secrets, Set<Integer> servicePorts) {
        this.db = db;
        this.service = service;
        this.serviceAuth = serviceAuth;
        this.firstStart = firstStart;
        this.secrets = secrets;
        this.servicePorts = servicePorts;
    }

    /** Opens the auth store; {@link #start} completes it once the app is loaded. */
    public static CrudAuth create(Environment env, Databases databases, AccountResource accounts, Records records, Clock clock, PrintStream out) {
        var secrets = new Secrets();
        var passwords = new Passwords();
        var store = new AccountStore(databases, accounts, records, passwords);
        var db = AuthDb.open(env.dataDir());
        var key = SigningKey.loadOrCreate(env.dataDir());
        var stateFile = new AuthStateFile(env.dataDir(), clock, AuthStateFile.DEFAULT_RECHECK);
        var service = new AuthService(store, db, stateFile, new Tokens(key, clock), secrets, clock, Tokens.MAX_LOGIN);
        var serviceAuth = ServiceAuth.create(env, ServiceId.CRUD_ENGINE.serviceName(), clock, CSRF_EXEMPT, service);
        var firstStart = new FirstStart(store, secrets, env.dataDir(), env.variable("DBBASIC_ADMIN_PASSWORD"), out);
        var ports = Arrays.stream(ServiceId.values()).map(env::port).collect(Collectors.toSet());
        var auth = new CrudAuth(db, service, serviceAuth, firstStart, secrets, ports);
        records.onCommitted(auth::committed);
        return auth;
    }

    /** Once the app is loaded: {@code admin} on first start, and the shared auth state for the other services. */
    public void start() {
        firstStart.ensureAdmin();
        service.publish();
    }

    /** The gate before every request, then {@code /api/auth/*} and {@code /login}; call before the records' routes. */
    public void register(Service.Wiring wiring) {
        var gate = serviceAuth.gate();
        var routes = wiring.routes();
        routes.before(ctx -> {
            if (!ServiceAuth.ALWAYS_PUBLIC.contains(ctx.path())) {
                gate.identify(ctx);
            }
        });
        routes.wsBeforeUpgrade(this::socketCaller);   // realtime: CrudAuth::caller(WsContext) then knows who connected
        routes.before("/api/models", gate::requireCaller);
        routes.before("/api/system/<rest>", gate::requireAdmin);
        new AuthRoutes(service, gate, wiring.json()).register(routes);
        new LoginPage(service, gate, secrets, servicePorts).register(routes);
    }

    /** What the admin UI's pages need from auth. */
    public UiAuth ui(Records records) {
        return new PageAuth(serviceAuth.gate(), records);
    }

    /** The caller of a request (after the gate ran): what record routes pass to {@code Records}. */
    public static Caller caller(Context ctx) {
        return AuthGate.caller(ctx);
    }

    /** The caller of a WebSocket (realtime), as the upgrade request showed it; anonymous without credentials. */
    public static Caller caller(io.javalin.websocket.WsContext ws) {
        return AuthGate.caller(ws);
    }

    /**
     * The caller of a WebSocket upgrade (realtime): anonymous unless it shows credentials; a cookie sent
     * from a foreign origin's page is refused (403).
     */
    public Caller socketCaller(Context upgrade) {
        var authentication = serviceAuth.gate().identify(upgrade);
        if (authentication.via() == io.dbbasic.common.auth.Authentication.Via.COOKIE) {
            serviceAuth.gate().csrf().checkOrigin(upgrade);
        }
        return authentication.caller();
    }

    /** The account resource may have moved (a reload): a new, empty account store gets its admin. */
    public void modelChanged() {
        firstStart.ensureAdmin();
    }

    public ServiceAuth serviceAuth() {
        return serviceAuth;
    }

    AuthService service() {
        return service;
    }

    /** An account record deleted through the account resource's own API ends its sessions and tokens too. */
    private void committed(List<Change> changes) {
        var resource = service.accounts().resource().name();
        for (var change : changes) {
            if (change.resource().equals(resource)) {
                if (change.type() == Change.Type.DELETED) {
                    background.execute(() -> service.accountGone(change.id()));
                } else {
                    service.accounts().forget(change.id());
                }
            }
        }
    }

    @Override
    public void close() {
        background.shutdown();
        try {
            background.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
