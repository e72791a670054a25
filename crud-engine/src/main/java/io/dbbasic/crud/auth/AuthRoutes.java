package io.dbbasic.crud.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.SessionCookie;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/auth/*} (CONTRACT §9): thin handlers over {@link AuthService}. Register before the records' catch-all. */
final class AuthRoutes {
    private final AuthService auth;
    private final AuthGate gate;
    private final ObjectMapper json;

    AuthRoutes(AuthService auth, AuthGate gate, ObjectMapper json) {
        this.auth = auth;
        this.gate = gate;
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.before("/api/auth/users", gate::requireAdmin);
        routes.before("/api/auth/users/<rest>", gate::requireAdmin);
        routes.before("/api/auth/tokens", gate::requireCaller);
        routes.before("/api/auth/tokens/<rest>", gate::requireCaller);
        routes.post("/api/auth/login", this::login);
        routes.post("/api/auth/logout", this::logout);
        routes.get("/api/auth/me", this::me);
        routes.post("/api/auth/password", this::password);
        routes.get("/api/auth/users", ctx -> ctx.json(Map.of("users", auth.users().stream().map(Account::json).toList())));
        routes.post("/api/auth/users", this::createUser);
        routes.get("/api/auth/users/{id}", ctx -> ctx.json(auth.user(id(ctx)).json()));
        routes.patch("/api/auth/users/{id}", this::updateUser);
        routes.delete("/api/auth/users/{id}", this::deleteUser);
        routes.post("/api/auth/tokens", this::createToken);
        routes.get("/api/auth/tokens", this::tokens);
        routes.delete("/api/auth/tokens/{id}", this::revokeToken);
    }

    private void login(Context ctx) {
        var body = object(ctx, Set.of("username", "password"));
        var errors = new LinkedHashMap<String, String>();
        for (var name : List.of("username", "password")) {
            if (text(body, name) == null) {
                errors.put(name, "is required");
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        var login = auth.login(text(body, "username"), text(body, "password"), gate.authenticator().clientAddress(ctx),
                AuthGate.authentication(ctx).sessionId());
        var csrf = gate.csrf().tokenFor(login.sessionId());
        SessionCookie.set(ctx, login.token(), Duration.between(Instant.now(), login.expiresAt()), csrf);
        var reply = new LinkedHashMap<String, Object>();
        reply.put("token", login.token());
        reply.put("expires_at", login.expiresAt());
        reply.put("user", login.account().json());
        reply.put("csrf_token", csrf);
        ctx.json(reply);
    }

    private void logout(Context ctx) {
        auth.logout(AuthGate.authentication(ctx));
        SessionCookie.clear(ctx);
        ctx.status(204);
    }

    private void me(Context ctx) {
        gate.requireCaller(ctx);
        var caller = AuthGate.caller(ctx);
        var reply = new LinkedHashMap<String, Object>();
        reply.put("id", caller.userId());
        reply.put("username", caller.username());
        reply.put("roles", caller.roles());
        reply.put("via", AuthGate.authentication(ctx).via().name().toLowerCase(java.util.Locale.ROOT));
        var csrf = AuthGate.csrfToken(ctx);
        if (!csrf.isEmpty()) {
            reply.put("csrf_token", csrf);
        }
        ctx.json(reply);
    }

    private void password(Context ctx) {
        gate.requireCaller(ctx);
        var body = object(ctx, Set.of("current", "new"));
        auth.changePassword(AuthGate.authentication(ctx), text(body, "current"), text(body, "new"));
        ctx.status(204);
    }

    private void createUser(Context ctx) {
        var body = object(ctx, Set.of("username", "password", "roles", "profile"));
        var account = auth.createUser(text(body, "username"), text(body, "password"), list(body, "roles"), body.get("profile"), AuthGate.caller(ctx));
        ctx.status(201).header("Location", "/api/auth/users/" + account.id()).json(account.json());
    }

    private void updateUser(Context ctx) {
        var body = object(ctx, Set.of("roles", "disabled", "password"));
        Boolean disabled = null;
        if (body.has("disabled")) {
            if (!body.get("disabled").isBoolean()) {
                throw new ValidationFailed(Map.of("disabled", "must be true or false"));
            }
            disabled = body.get("disabled").booleanValue();
        }
        ctx.json(auth.updateUser(id(ctx), list(body, "roles"), disabled, text(body, "password")).json());
    }

    private void deleteUser(Context ctx) {
        auth.deleteUser(id(ctx), AuthGate.caller(ctx));
        ctx.status(204);
    }

    private void createToken(Context ctx) {
        var body = object(ctx, Set.of("name", "expires_at"));
        Instant expires = null;
        var expiresText = text(body, "expires_at");
        if (expiresText != null) {
            try {
                expires = Instant.parse(expiresText);
            } catch (DateTimeParseException e) {
                throw new ValidationFailed(Map.of("expires_at", "must be an ISO-8601 UTC time such as 2030-01-31T12:00:00Z"));
            }
        }
        var created = auth.createToken(AuthGate.caller(ctx), text(body, "name"), expires);
        var reply = new LinkedHashMap<>(AuthService.tokenJson(created.row()));
        reply.put("token", created.token());
        ctx.status(201).header("Location", "/api/auth/tokens/" + created.row().id()).json(reply);
    }

    private void tokens(Context ctx) {
        var everyone = "true".equals(ctx.queryParam("all"));
        ctx.json(Map.of("tokens", auth.tokens(AuthGate.caller(ctx), everyone).stream().map(AuthService::tokenJson).toList()));
    }

    private void revokeToken(Context ctx) {
        auth.revokeToken(AuthGate.caller(ctx), id(ctx));
        ctx.status(204);
    }

    // ---- request parsing: 400 for what is not JSON, 422 for fields that are wrong

    private JsonNode object(Context ctx, Set<String> allowed) {
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? null : json.readTree(ctx.body());
        } catch (IOException e) {
            throw new BadRequest("the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        var unknown = new ArrayList<String>();
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            var errors = new LinkedHashMap<String, String>();
            unknown.forEach(name -> errors.put(name, "is not understood here (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            throw new ValidationFailed(errors);
        }
        return body;
    }

    private static String text(JsonNode body, String name) {
        var node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ValidationFailed(Map.of(name, "must be text"));
        }
        return node.textValue();
    }

    private static List<?> list(JsonNode body, String name) {
        var node = body.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new ValidationFailed(Map.of(name, "must be a list of names"));
        }
        var out = new ArrayList<Object>();
        node.forEach(item -> out.add(item.isTextual() ? item.textValue() : item.toString()));
        return out;
    }

    private static long id(Context ctx) {
        try {
            var id = Long.parseLong(ctx.pathParam("id"));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the 404
        }
        throw new NotFound("nothing is served at " + ctx.path());
    }
}
