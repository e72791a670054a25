package io.dbbasic.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokensTest {
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    @TempDir Path dataDir;

    private Tokens tokens(Instant at) {
        return new Tokens(SigningKey.loadOrCreate(dataDir), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static TokenClaims.Session session(Instant expires) {
        return new TokenClaims.Session(7, "alice", List.of("user"), "s".repeat(43), expires);
    }

    @Test
    void a_login_token_carries_account_username_roles_session_and_expiry() throws Exception {
        var token = tokens(NOW).issue(session(NOW.plus(Duration.ofHours(12))));

        assertThat(tokens(NOW).verify(token)).isEqualTo(session(NOW.plus(Duration.ofHours(12))));
    }

    @Test
    void a_login_token_lasts_at_most_twelve_hours() {
        assertThatThrownBy(() -> tokens(NOW).issue(session(NOW.plus(Duration.ofHours(13))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_expired_token_is_refused() {
        var token = tokens(NOW).issue(session(NOW.plus(Duration.ofMinutes(5))));

        assertThatThrownBy(() -> tokens(NOW.plus(Duration.ofMinutes(6))).verify(token)).isInstanceOf(Tokens.Invalid.class);
    }

    @Test
    void a_changed_token_is_refused() {
        var token = tokens(NOW).issue(session(NOW.plus(Duration.ofHours(1))));
        var parts = token.split("\\.");
        var forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];

        assertThatThrownBy(() -> tokens(NOW).verify(forged)).isInstanceOf(Tokens.Invalid.class);
        assertThatThrownBy(() -> tokens(NOW).verify("forged.token.value")).isInstanceOf(Tokens.Invalid.class);
        assertThatThrownBy(() -> tokens(NOW).verify(parts[0] + "." + parts[1] + ".")).isInstanceOf(Tokens.Invalid.class);
    }

    @Test
    void a_token_signed_with_another_key_is_refused(@TempDir Path otherDataDir) {
        var other = new Tokens(SigningKey.loadOrCreate(otherDataDir), Clock.fixed(NOW, ZoneOffset.UTC));
        var token = other.issue(session(NOW.plus(Duration.ofHours(1))));

        assertThatThrownBy(() -> tokens(NOW).verify(token)).isInstanceOf(Tokens.Invalid.class);
    }

    @Test
    void an_unsigned_token_is_refused() {
        var token = tokens(NOW).issue(session(NOW.plus(Duration.ofHours(1))));
        var payload = token.split("\\.")[1];
        var none = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".";

        assertThatThrownBy(() -> tokens(NOW).verify(none)).isInstanceOf(Tokens.Invalid.class);
    }

    @Test
    void a_service_token_names_its_service() throws Exception {
        var token = tokens(NOW).issueService("event-store");

        assertThat(tokens(NOW).verify(token)).isEqualTo(new TokenClaims.Service("event-store", NOW.plus(Tokens.SERVICE_TOKEN_LIFETIME)));
    }

    @Test
    void the_key_file_is_made_once_with_mode_600_and_shared() {
        var first = tokens(NOW).issueService("a");
        var file = dataDir.resolve("secrets").resolve(SigningKey.FILE_NAME);

        assertThat(SecretFiles.isOwnerOnly(file)).isTrue();
        assertThat(SecretFiles.isOwnerOnly(dataDir.resolve("secrets"))).isFalse();   // a folder is rwx------, not rw-------
        assertThat(tokens(NOW)).satisfies(t -> assertThat(t.verify(first)).isInstanceOf(TokenClaims.Service.class));
    }
}
