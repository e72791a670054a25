package io.dbbasic.common.auth;

import io.dbbasic.common.service.Environment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service token one service presents to another ({@code Authorization: Bearer …}): signed with the
 * shared key, valid {@link Tokens#SERVICE_TOKEN_LIFETIME}, minted again five minutes before it runs out.
 * Thread-safe; two threads renewing at once just mint two valid tokens.
 */
public final class ServiceTokens {
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

    private record Minted(String token, Instant expiresAt) {}

    private final Tokens tokens;
    private final String service;
    private final Clock clock;
    private final AtomicReference<Minted> current = new AtomicReference<>();

    public ServiceTokens(Tokens tokens, String service, Clock clock) {
        this.tokens = tokens;
        this.service = service;
        this.clock = clock;
    }

    /** Tokens for {@code service}, signed with the key in the environment's data dir. */
    public static ServiceTokens forService(Environment env, String service) {
        var clock = Clock.systemUTC();
        return new ServiceTokens(new Tokens(SigningKey.loadOrCreate(env.dataDir()), clock), service, clock);
    }

    public String token() {
        var now = clock.instant();
        var minted = current.get();
        if (minted != null && minted.expiresAt().minus(RENEW_BEFORE).isAfter(now)) {
            return minted.token();
        }
        var fresh = new Minted(tokens.issueService(service), now.plus(Tokens.SERVICE_TOKEN_LIFETIME));
        current.set(fresh);
        return fresh.token();
    }

    /** The {@code Authorization} header value. */
    public String authorization() {
        return "Bearer " + token();
    }
}
