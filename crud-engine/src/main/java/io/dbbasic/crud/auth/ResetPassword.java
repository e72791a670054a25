package io.dbbasic.crud.auth;

import static io.dbbasic.common.storage.Sql.ident;

import io.dbbasic.common.auth.Passwords;
import io.dbbasic.common.auth.Secrets;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.common.storage.StorageException;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.FileLoad;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;

/**
 * {@code ./dbbasic admin reset-password USER} (CONTRACT §1): sets a new random password and prints it.
 * It works with the stack stopped, straight on the files: DuckDB lets one process open a file, so while
 * the crud-engine runs it says so and changes nothing (an admin can use {@code PATCH /api/auth/users/{id}}
 * then). The account's open sessions end too; the other services learn that when the crud-engine next
 * starts and publishes the shared auth state.
 */
public final class ResetPassword {
    private final Environment env;
    private final PrintStream out;
    private final PrintStream err;
    private final Secrets secrets;
    private final Passwords passwords;

    public ResetPassword(Environment env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.secrets = new Secrets();
        this.passwords = new Passwords();
    }

    public int run(String username) {
        var model = new AppModel(new AppLoader().loadApp(env.appDir()).files().stream().map(FileLoad::resourceOrNull)
                .filter(Objects::nonNull).toList());
        var resource = model.accountResource().orElseGet(() -> AccountFields.builtIn(model));
        var file = env.dataDir().resolve(resource.database());
        if (!Files.exists(file)) {
            err.println("no accounts yet: " + file + " does not exist (start DBBasic once; it creates `admin`)");
            return 1;
        }
        var password = secrets.password();
        try (var db = DuckDbFile.open(file)) {
            var id = findAndSet(db, resource, username, passwords.hash(password));
            if (id == null) {
                err.println("no account `" + username + "` in " + resource.name() + " (" + file.getFileName() + ")");
                return 1;
            }
            try (var auth = AuthDb.open(env.dataDir())) {
                auth.revokeSessionsOf(id, null, Clock.systemUTC().instant());
            }
        } catch (StorageException e) {
            err.println("cannot open the account store: " + rootMessage(e));
            err.println("If DBBasic is running, stop the crud-engine first (./dbbasic stop crud-engine), or as an admin use "
                    + "PATCH /api/auth/users/{id} {\"password\": …}.");
            return 1;
        }
        out.println("New password for " + username + ": " + password);
        return 0;
    }

    private static Long findAndSet(DuckDbFile db, Resource resource, String username, String hash) {
        return db.inTransaction(conn -> {
            var table = ident(resource.name());
            var id = ident(resource.primaryKey().name());
            Long found = null;
            try (var statement = conn.prepareStatement("SELECT " + id + " FROM " + table + " WHERE lower(" + ident(AccountFields.USERNAME)
                    + ") = lower(?) LIMIT 1")) {
                statement.setString(1, username);
                try (var rows = statement.executeQuery()) {
                    if (rows.next()) {
                        found = rows.getLong(1);
                    }
                }
            } catch (java.sql.SQLException e) {
                // no such table or column: this store has no accounts yet
                if (String.valueOf(e.getMessage()).contains("does not exist") || String.valueOf(e.getMessage()).contains("not found")) {
                    return null;
                }
                throw e;
            }
            if (found == null) {
                return null;
            }
            try (var statement = conn.prepareStatement("UPDATE " + table + " SET " + ident(AccountFields.PASSWORD_HASH) + " = ? WHERE " + id + " = ?")) {
                statement.setString(1, hash);
                statement.setLong(2, found);
                statement.executeUpdate();
            }
            return found;
        });
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }
}
