package io.dbbasic.common.auth;

import java.time.Clock;
import java.util.Optional;

/** {@link Credentials} from the shared auth state file: how the event store, monitor and AI builder check. */
public final class SharedCredentials implements Credentials {
    private final AuthStateFile file;
    private final Clock clock;

    public SharedCredentials(AuthStateFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public Optional<Caller> session(TokenClaims.Session claims, String address) {
        var hash = Secrets.sha256(claims.sessionId());
        var revoked = file.current().revokedSessions().stream().anyMatch(r -> r.sessionHash().equals(hash));
        return revoked ? Optional.empty() : Optional.of(new Caller(claims.accountId(), claims.username(), claims.roles(), address));
    }

    @Override
    public Optional<Caller> apiToken(String token, String address) {
        var hash = Secrets.sha256(token);
        var now = clock.instant();
        return file.current().apiTokens().stream()
                .filter(grant -> Secrets.constantTimeEquals(grant.tokenHash(), hash))
                .filter(grant -> grant.expiresAt() == null || grant.expiresAt().isAfter(now))
                .findFirst()
                .map(grant -> new Caller(grant.accountId(), grant.username(), grant.roles(), address));
    }
}
