package io.dbbasic.crud.auth;

import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.storage.Databases;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the accounts live right now: the app's {@code auth: true} resource, else the built-in one
 * (whose table, with the system fields, is created on first use). It follows live reloads; the app's own
 * account resource gets its system fields from the schema step of the reload.
 */
public final class AccountResource {
    private final Databases databases;
    private final Supplier<AppModel> model;
    private final Map<Resource, Boolean> prepared = new ConcurrentHashMap<>();
    /** The built-in resource of the last app model seen: every request and commit asks, the model rarely changes. */
    private volatile BuiltIn builtIn;

    private record BuiltIn(AppModel app, Resource resource) {}

    public AccountResource(Databases databases, Supplier<AppModel> model) {
        this.databases = databases;
        this.model = model;
    }

    /** The account resource as the API knows it (without the system fields). */
    public Resource current() {
        var app = model.get();
        var declared = app.accountResource();
        if (declared.isPresent()) {
            return declared.get();
        }
        var known = builtIn;
        if (known != null && known.app() == app) {
            return known.resource();
        }
        var resource = AccountFields.builtIn(app);
        prepared.computeIfAbsent(resource, r -> {
            databases.schema(r.database()).apply(AccountFields.forStorage(r));
            return true;
        });
        builtIn = new BuiltIn(app, resource);
        return resource;
    }
}
