package io.dbbasic.crud.auth;

import io.dbbasic.common.model.ApiOptions;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Hooks;
import io.dbbasic.common.model.InterfaceOptions;
import io.dbbasic.common.model.Location;
import io.dbbasic.common.model.Permissions;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.UiHints;
import io.dbbasic.common.model.UiOptions;
import io.dbbasic.common.yaml.AppLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The account store's hidden system fields (CONTRACT §3: username, password hash, roles, disabled) and
 * the built-in account resource of apps that declare none.
 *
 * <p>The system fields are columns of the account resource's table, so they are part of the model the
 * schema manager applies ({@link #forStorage}); otherwise its next table rebuild would find columns it
 * does not know. They are never part of the model the API serves: record JSON, change events, exports and
 * realtime never see them, and only the auth feature reads or writes them, by name.
 */
public final class AccountFields {
    static final String USERNAME = "auth_username";
    static final String PASSWORD_HASH = "auth_password_hash";
    static final String ROLES = "auth_roles";
    static final String DISABLED = "auth_disabled";
    static final List<String> COLUMNS = List.of(USERNAME, PASSWORD_HASH, ROLES, DISABLED);
    /** The file the built-in accounts live in: the default one, so `references: users` there keeps on_delete. */
    static final String BUILT_IN_DATABASE = Resource.DEFAULT_DATABASE;
    private static final Location BUILT_IN = Location.of(Path.of("(built-in accounts)"));

    private AccountFields() {}

    /** A field of the account resource whose name a system field needs, as a message; empty when none clash. */
    public static Optional<String> clash(Resource resource) {
        if (!resource.auth()) {
            return Optional.empty();
        }
        return resource.fields().stream().map(Field::name).filter(COLUMNS::contains).findFirst()
                .map(name -> "`" + name + "` is a system field of the account resource (auth: true); rename your field");
    }

    /** The resource as its table stores it: an account resource gains its hidden system fields. */
    public static Resource forStorage(Resource resource) {
        if (!resource.auth()) {
            return resource;
        }
        var fields = new ArrayList<>(resource.fields());
        fields.add(text(USERNAME, FieldType.TextKind.STRING, resource.location()));
        fields.add(text(PASSWORD_HASH, FieldType.TextKind.TEXT, resource.location()));
        fields.add(text(ROLES, FieldType.TextKind.STRING, resource.location()));
        fields.add(new Field(DISABLED, new FieldType.Bool(), false, false, Boolean.FALSE, null, null, null, null, null,
                false, false, Set.of(), null, UiHints.NONE, resource.location()));
        return new Resource(resource.name(), resource.database(), resource.title(), resource.description(), fields,
                resource.hooks(), resource.permissions(), resource.api(), resource.interfaceOptions(), resource.workflow(),
                resource.ui(), true, resource.strictHooks(), resource.location());
    }

    /**
     * The account resource of an app without one: {@code users} in the default database file (or
     * {@code dbbasic_users} when the app has a plain resource called users). It is not served under
     * {@code /api}; {@code /api/auth/users} manages it.
     */
    public static Resource builtIn(AppModel model) {
        var name = model.resource(AppLoader.BUILT_IN_USERS).isPresent() ? "dbbasic_users" : AppLoader.BUILT_IN_USERS;
        var fields = List.of(Field.implicitId(BUILT_IN),
                new Field("created_at", new FieldType.Timestamp(), false, false, null, null, null, null, null, null,
                        false, false, Set.of(Auto.NOW_ADD), null, UiHints.NONE, BUILT_IN));
        return new Resource(name, BUILT_IN_DATABASE, "Accounts", null, fields, Hooks.NONE,
                new Permissions(java.util.Map.of(
                        io.dbbasic.common.model.Operation.CREATE, io.dbbasic.common.model.Rule.ADMIN,
                        io.dbbasic.common.model.Operation.READ, io.dbbasic.common.model.Rule.ADMIN,
                        io.dbbasic.common.model.Operation.UPDATE, io.dbbasic.common.model.Rule.ADMIN,
                        io.dbbasic.common.model.Operation.DELETE, io.dbbasic.common.model.Rule.ADMIN)),
                ApiOptions.defaults("dbbasic/" + name), InterfaceOptions.DEFAULT, null, UiOptions.DEFAULT, true, false, BUILT_IN);
    }

    private static Field text(String name, FieldType.TextKind kind, Location location) {
        return new Field(name, new FieldType.Text(kind), false, false, null, null, null, null, null, null,
                false, false, Set.of(), null, UiHints.NONE, location);
    }
}
