package io.dbbasic.crud.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dbbasic.common.auth.SecretFiles;
import io.dbbasic.common.auth.Secrets;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first account (CONTRACT §9): when the account store has none, {@code admin} is created with
 * {@code DBBASIC_ADMIN_PASSWORD}, or with a random password that is printed once and written to
 * {@code data/initial-admin-password} (mode 600). No default password exists anywhere.
 */
final class FirstStart {
    static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    private final AccountStore accounts;
    private final Secrets secrets;
    private final Path dataDir;
    private final Optional<String> configuredPassword;
    private final PrintStream out;

    FirstStart(AccountStore accounts, Secrets secrets, Path dataDir, Optional<String> configuredPassword, PrintStream out) {
        this.accounts = accounts;
        this.secrets = secrets;
        this.dataDir = dataDir;
        this.configuredPassword = configuredPassword;
        this.out = out;
    }

    /** Creates {@code admin} when there is no account at all; otherwise does nothing. */
    synchronized void ensureAdmin() {
        if (accounts.hasAccounts()) {
            return;
        }
        var password = configuredPassword.orElseGet(secrets::password);
        accounts.create("admin", password, List.of("admin"), JsonNodeFactory.instance.objectNode(), null);
        if (configuredPassword.isPresent()) {
            log.info("created the account `admin` with the password from DBBASIC_ADMIN_PASSWORD");
            return;
        }
        var file = dataDir.resolve(PASSWORD_FILE);
        SecretFiles.replace(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
        out.println("DBBasic created the account `admin` with the password: " + password);
        out.println("It is also in " + file + " (mode 600). Change it after logging in: POST /api/auth/password.");
        out.flush();
    }
}
