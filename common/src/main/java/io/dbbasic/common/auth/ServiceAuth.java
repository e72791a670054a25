package io.dbbasic.common.auth;

import io.dbbasic.common.errors.NotAuthenticated;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.ServiceId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Auth as one service sees it (CONTRACT §9): the shared signing key, the {@link AuthGate} for its
 * routes, and service tokens for its calls to the other services. The event store, monitor and AI
 * builder check sessions and API tokens against the shared auth state file; the crud-engine passes its
 * own account-store {@link Credentials}.
 *
 * <pre>{@code
 * var auth = ServiceAuth.create(env, "event-store");
 * auth.requireLogin(wiring.routes(), Set.of("/health", "/metrics"));   // everything else needs an account
 * http.header("Authorization", auth.authorization());                  // calling another service
 * }</pre>
 */
public final class ServiceAuth {
    /** Paths every service serves to anyone (CONTRACT §1). */
    public static final Set<String> ALWAYS_PUBLIC = Set.of("/health", "/metrics");
    private final String serviceName;
    private final SigningKey key;
    private final Tokens tokens;
    private final AuthGate gate;
    private final ServiceTokens serviceTokens;

    private ServiceAuth(String serviceName, SigningKey key, Tokens tokens, AuthGate gate, Clock clock) {
        this.serviceName = serviceName;
        this.key = key;
        this.tokens = tokens;
        this.gate = gate;
        this.serviceTokens = new ServiceTokens(tokens, serviceName, clock);
    }

    /** A service that checks sessions and API tokens against the shared auth state file. */
    public static ServiceAuth create(Environment env, String serviceName) {
        var clock = Clock.systemUTC();
        return create(env, serviceName, clock, Set.of(),
                new SharedCredentials(new AuthStateFile(env.dataDir(), clock, AuthStateFile.DEFAULT_RECHECK), clock));
    }

    /**
     * The general form: {@code credentials} checks sessions and API tokens; {@code csrfExempt} lists paths
     * that check CSRF themselves (the crud-engine's login form and API).
     */
    public static ServiceAuth create(Environment env, String serviceName, Clock clock, Set<String> csrfExempt,
                                     Credentials credentials) {
        var key = SigningKey.loadOrCreate(env.dataDir());
        var tokens = new Tokens(key, clock);
        var ports = EnumSet.allOf(ServiceId.class).stream().map(env::port).collect(Collectors.toSet());
        var origins = new TrustedOrigins(ports, TrustedOrigins.parseCors(env.variables().get("DBBASIC_CORS_ORIGINS")));
        var loginUrls = new LoginUrls(env.port(ServiceId.CRUD_ENGINE), ServiceId.CRUD_ENGINE.serviceName().equals(serviceName));
        var trustProxy = env.variable("DBBASIC_TRUST_PROXY").map(v -> v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
        var authenticator = new Authenticator(tokens, credentials, loginUrls, trustProxy);
        var gate = new AuthGate(authenticator, new Csrf(key, origins), loginUrls, csrfExempt);
        return new ServiceAuth(serviceName, key, tokens, gate, clock);
    }

    /**
     * Installs the gate before every route and WebSocket upgrade: paths in {@code publicPaths} (an entry
     * ending in {@code /} covers everything under it, for page assets) and under {@code /webjars/} are open
     * to anyone; everything else needs an authenticated caller.
     */
    public void requireLogin(RoutesConfig routes, Set<String> publicPaths) {
        var open = Set.copyOf(publicPaths);
        routes.before(ctx -> {
            if (!isPublic(ctx, open)) {
                gate.requireCaller(ctx);
            }
        });
        routes.wsBeforeUpgrade(ctx -> {
            if (!isPublic(ctx, open)) {
                requireSocketCaller(ctx);
            }
        });
    }

    /**
     * For a WebSocket upgrade: a cookie sent by a page from a foreign origin does not count (browsers attach
     * cookies to cross-site WebSocket handshakes, and no CSRF token can travel with them).
     */
    public Caller requireSocketCaller(Context ctx) {
        var authentication = gate.identify(ctx);
        if (authentication.via() == Authentication.Via.COOKIE) {
            gate.csrf().checkOrigin(ctx);
        }
        if (!authentication.caller().authenticated()) {
            throw new NotAuthenticated("this needs an account: " + gate.loginUrls().howTo(ctx));
        }
        return authentication.caller();
    }

    /** The {@code Authorization} header value for a call to another service, renewed before it expires. */
    public String authorization() {
        return serviceTokens.authorization();
    }

    public String serviceToken() {
        return serviceTokens.token();
    }

    public String serviceName() {
        return serviceName;
    }

    public AuthGate gate() {
        return gate;
    }

    public Tokens tokens() {
        return tokens;
    }

    public SigningKey key() {
        return key;
    }

    public static Caller caller(Context ctx) {
        return AuthGate.caller(ctx);
    }

    private static boolean isPublic(Context ctx, Set<String> open) {
        var path = ctx.path();
        return ALWAYS_PUBLIC.contains(path) || path.startsWith("/webjars/")
                || open.stream().anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p));
    }
}
