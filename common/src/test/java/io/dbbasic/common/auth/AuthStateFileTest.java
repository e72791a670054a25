package io.dbbasic.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthStateFileTest {
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    @TempDir Path dataDir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = NOW;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    private static TokenClaims.Session session(String id) {
        return new TokenClaims.Session(3, "bob", List.of("user"), id, NOW.plusSeconds(3600));
    }

    @Test
    void a_reader_sees_a_revocation_once_its_recheck_interval_passed() {
        var clock = new ManualClock();
        var writer = new AuthStateFile(dataDir, clock, Duration.ZERO);
        var reader = new SharedCredentials(new AuthStateFile(dataDir, clock, Duration.ofSeconds(2)), clock);
        var sessionId = "x".repeat(43);
        assertThat(reader.session(session(sessionId), "127.0.0.1")).isPresent();

        writer.write(new AuthState(1, List.of(new AuthState.RevokedSession(Secrets.sha256(sessionId), NOW.plusSeconds(3600))), List.of()));
        clock.now = NOW.plusSeconds(1);
        var stillCached = reader.session(session(sessionId), "127.0.0.1");
        clock.now = NOW.plusSeconds(3);

        assertThat(stillCached).isPresent();
        assertThat(reader.session(session(sessionId), "127.0.0.1")).isEmpty();
        assertThat(reader.session(session("y".repeat(43)), "127.0.0.1")).isPresent();
        assertThat(SecretFiles.isOwnerOnly(dataDir.resolve("secrets").resolve(AuthStateFile.FILE_NAME))).isTrue();
    }

    @Test
    void api_tokens_are_known_by_hash_until_they_expire() {
        var clock = new ManualClock();
        var token = new Secrets().apiToken();
        new AuthStateFile(dataDir, clock, Duration.ZERO).write(new AuthState(1, List.of(),
                List.of(new AuthState.ApiTokenGrant(Secrets.sha256(token), 9, "carol", List.of("admin"), NOW.plusSeconds(60)))));
        var reader = new SharedCredentials(new AuthStateFile(dataDir, clock, Duration.ZERO), clock);

        assertThat(reader.apiToken(token, "10.0.0.1")).contains(new io.dbbasic.common.auth.Caller(9L, "carol", List.of("admin"), "10.0.0.1"));
        assertThat(reader.apiToken(token + "x", "10.0.0.1")).isEmpty();
        clock.now = NOW.plusSeconds(61);
        assertThat(reader.apiToken(token, "10.0.0.1")).isEmpty();
    }
}
