package io.dbbasic.testing;

import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Login tokens for tests of the event store, the monitor and the AI builder, signed with the key in a
 * data dir's {@code secrets/} exactly as the crud-engine signs them (CONTRACT §9). Those services check
 * the signature and the shared list of ended sessions, so a token minted here is a real login to them
 * without a crud-engine running. The crud-engine itself also checks its session store: log in there.
 */
public final class Logins {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration LIFETIME = Duration.ofHours(1);

    private Logins() {}

    /** {@code Bearer <token>} of {@code admin} (account 1, roles admin). */
    public static String admin(Path dataDir) {
        return bearer(dataDir, 1, "admin", List.of("admin"));
    }

    /** {@code Bearer <token>} of an ordinary account (role user). */
    public static String user(Path dataDir, long accountId, String username) {
        return bearer(dataDir, accountId, username, List.of("user"));
    }

    public static String bearer(Path dataDir, long accountId, String username, List<String> roles) {
        return "Bearer " + token(dataDir, accountId, username, roles);
    }

    /** {@code Bearer <service token>} of another DBBasic service, as it calls this one (CONTRACT §9). */
    public static String service(Path dataDir, String service) {
        return "Bearer " + new Tokens(SigningKey.loadOrCreate(dataDir), Clock.systemUTC()).issueService(service);
    }

    /** The bare token (for the {@code dbbasic_session} cookie), valid for an hour. */
    public static String token(Path dataDir, long accountId, String username, List<String> roles) {
        var clock = Clock.systemUTC();
        var sessionId = new byte[32];
        RANDOM.nextBytes(sessionId);
        var session = new TokenClaims.Session(accountId, username, roles,
                Base64.getUrlEncoder().withoutPadding().encodeToString(sessionId), clock.instant().plus(LIFETIME));
        return new Tokens(SigningKey.loadOrCreate(dataDir), clock).issue(session);
    }
}
