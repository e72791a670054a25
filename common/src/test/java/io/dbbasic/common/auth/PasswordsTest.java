package io.dbbasic.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordsTest {
    private final Passwords passwords = new Passwords();

    @Test
    void hashes_with_argon2id_at_the_owasp_parameters() {
        var stored = passwords.hash("correct horse battery staple");

        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Passwords.parameters(stored)).isEqualTo(new Passwords.Parameters(19 * 1024, 2, 1, 16, 32));
    }

    @Test
    void verifies_the_right_password_and_refuses_others() {
        var stored = passwords.hash("correct horse battery staple");

        assertThat(passwords.verify("correct horse battery staple", stored)).isTrue();
        assertThat(passwords.verify("correct horse battery stapl", stored)).isFalse();
        assertThat(passwords.verify("", stored)).isFalse();
        assertThat(passwords.verify(null, stored)).isFalse();
    }

    @Test
    void salts_every_hash() {
        assertThat(passwords.hash("same password")).isNotEqualTo(passwords.hash("same password"));
    }

    @Test
    void a_missing_or_malformed_hash_never_matches() {
        assertThat(passwords.verify("x", null)).isFalse();
        assertThat(passwords.verify("x", "plain text")).isFalse();
        assertThat(passwords.verify("x", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA")).isFalse();
    }

    @Test
    void a_new_password_needs_eight_characters() {
        assertThat(Passwords.problem("short")).contains("8");
        assertThat(Passwords.problem("long enough")).isNull();
        assertThat(Passwords.problem(null)).isEqualTo("is required");
    }
}
