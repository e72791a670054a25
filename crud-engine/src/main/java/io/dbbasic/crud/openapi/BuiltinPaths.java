package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.arrayOf;
import static io.dbbasic.crud.openapi.Nodes.int64;
import static io.dbbasic.crud.openapi.Nodes.object;
import static io.dbbasic.crud.openapi.Nodes.objectOf;
import static io.dbbasic.crud.openapi.Nodes.ref;
import static io.dbbasic.crud.openapi.Nodes.responseRef;
import static io.dbbasic.crud.openapi.Nodes.string;
import static io.dbbasic.crud.openapi.Nodes.type;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.crud.openapi.Components.Error;

/**
 * The crud-engine's own endpoints: {@code /api/models} (CONTRACT §4), accounts and tokens under
 * {@code /api/auth} (§9), the task queue, the outbox, {@code /health} and {@code /metrics} (§1). Their tags
 * ({@code models}, {@code auth}, {@code system}) are reserved resource names, so no resource's tag
 * can clash with them.
 */
final class BuiltinPaths {
    static final String TAG_MODELS = "models";
    static final String TAG_AUTH = "auth";
    static final String TAG_SYSTEM = "system";

    private BuiltinPaths() {}

    static void addSchemas(ObjectNode schemas) {
        schemas.set(ResourcePaths.IMPORT_RESULT, objectOf(
                "imported", type("integer").put("minimum", 0),
                "skipped", type("integer").put("minimum", 0),
                "errors", arrayOf(objectOf(
                        "row", type("integer").put("minimum", 1).put("description", "the row (CSV, after the header) or item (JSON), from 1"),
                        "errors", messages()))));
        var user = objectOf("id", int64(), "username", type("string"), "roles", arrayOf(type("string")));
        user.putObject("properties").set("disabled", type("boolean"));
        schemas.set("User", user);
        schemas.set("Login", objectOf("username", type("string"), "password", type("string").put("format", "password")));
        schemas.set("Session", objectOf(
                "token", string("a bearer token, valid until expires_at (at most 12 h)"),
                "expires_at", type("string").put("format", "date-time"),
                "user", ref("User")));
        var token = objectOf("id", int64(), "name", type("string"));
        var tokenProperties = (ObjectNode) token.get("properties");
        tokenProperties.set("expires_at", type("string").put("format", "date-time"));
        tokenProperties.set("created_at", type("string").put("format", "date-time"));
        schemas.set("ApiToken", token);
        var newToken = objectOf("id", int64(), "name", type("string"),
                "token", string("the token itself; it is shown only in this reply"));
        ((ObjectNode) newToken.get("properties")).set("expires_at", type("string").put("format", "date-time"));
        schemas.set("NewApiToken", newToken);
        schemas.set("Models", models());
        schemas.set("Health", health());
        var task = objectOf("id", int64(), "status", type("string"));
        task.put("description", "A task of the queue (after-hooks, workflow actions), with its attempts and last error.");
        task.set("additionalProperties", object());
        schemas.set("Task", task);
        schemas.set("Outbox", outbox());
    }

    static void addPaths(ObjectNode paths) {
        paths.putObject("/api/models").set("get", op(TAG_MODELS, "models.list", "What is served, and what does not load",
                "Every resource with its fields, base path, record count, hooks, permissions and warnings; `errors` lists "
                        + "every YAML file that does not load as it stands (file, line, column, message).",
                ok("The app.", ref("Models"))));

        paths.putObject("/api/auth/login").set("post", publicOp(withBody(op(TAG_AUTH, "auth.login", "Sign in",
                "Returns a token and sets the HttpOnly `dbbasic_session` cookie, which all four services accept.",
                ok("Signed in.", ref("Session"))), ref("Login")), Error.BAD_REQUEST, Error.UNAUTHORIZED, Error.RATE_LIMITED));
        paths.putObject("/api/auth/logout").set("post", op(TAG_AUTH, "auth.logout", "Sign out",
                "Ends the session: its token and cookie stop working at once here, at the other services within 60 s.", noContent()));
        paths.putObject("/api/auth/me").set("get", op(TAG_AUTH, "auth.me", "The caller's account", "", ok("The account.", ref("User"))));
        paths.putObject("/api/auth/password").set("post", withErrors(withBody(op(TAG_AUTH, "auth.password", "Change one's password",
                "", noContent()), objectOf("current", type("string").put("format", "password"), "new", type("string").put("format", "password"))),
                Error.INVALID));

        var users = paths.putObject("/api/auth/users");
        users.set("get", admin(op(TAG_AUTH, "auth.users.list", "List accounts", "Admins only.",
                ok("The accounts.", arrayOf(ref("User"))))));
        var newUser = objectOf("username", type("string"), "password", type("string").put("format", "password"));
        ((ObjectNode) newUser.get("properties")).set("roles", arrayOf(type("string")).set("default", Nodes.strings("user")));
        users.set("post", admin(withErrors(withBody(op(TAG_AUTH, "auth.users.create", "Create an account", "Admins only.",
                created(ref("User"))), newUser), Error.CONFLICT, Error.INVALID)));
        var user = paths.putObject("/api/auth/users/{id}");
        user.putArray("parameters").add(idParameter("the account's id"));
        var change = type("object").put("additionalProperties", false);
        change.putObject("properties").set("roles", arrayOf(type("string")));
        ((ObjectNode) change.get("properties")).set("disabled", type("boolean").put("description", "a disabled account cannot sign in"));
        user.set("patch", admin(withErrors(withBody(op(TAG_AUTH, "auth.users.update", "Change an account's roles, or disable it",
                "Admins only.", ok("The account.", ref("User"))), change), Error.NOT_FOUND, Error.INVALID)));
        user.set("delete", admin(withErrors(op(TAG_AUTH, "auth.users.delete", "Delete an account", "Admins only.", noContent()),
                Error.NOT_FOUND, Error.CONFLICT)));

        var tokens = paths.putObject("/api/auth/tokens");
        var newToken = objectOf("name", type("string"));
        ((ObjectNode) newToken.get("properties")).set("expires_at", type("string").put("format", "date-time"));
        tokens.set("post", withErrors(withBody(op(TAG_AUTH, "auth.tokens.create", "Create an API token",
                "A long random token for scripts; it is shown once, in this reply, and stored only as a hash.",
                created(ref("NewApiToken"))), newToken), Error.INVALID));
        tokens.set("get", op(TAG_AUTH, "auth.tokens.list", "List the caller's API tokens", "Without the tokens themselves.",
                ok("The tokens.", arrayOf(ref("ApiToken")))));
        var token = paths.putObject("/api/auth/tokens/{id}");
        token.putArray("parameters").add(idParameter("the token's id"));
        token.set("delete", withErrors(op(TAG_AUTH, "auth.tokens.delete", "Revoke an API token",
                "It stops working at once here, at the other services within 60 s.", noContent()), Error.NOT_FOUND));

        var tasks = op(TAG_SYSTEM, "system.tasks.list", "The task queue", "Admins only. After-hooks and workflow actions waiting, running, done or failed.",
                ok("The tasks.", objectOf("tasks", arrayOf(ref("Task")))));
        var status = object().put("name", "status").put("in", "query").put("description", "only tasks in this status");
        status.set("schema", type("string"));
        tasks.putArray("parameters").add(status);
        paths.putObject("/api/system/tasks").set("get", admin(tasks));
        var retry = paths.putObject("/api/system/tasks/{id}/retry");
        retry.putArray("parameters").add(idParameter("the task's id"));
        retry.set("post", admin(withErrors(op(TAG_SYSTEM, "system.tasks.retry", "Run a failed task again", "Admins only.",
                ok("The task, queued again.", ref("Task"))), Error.NOT_FOUND, Error.CONFLICT)));

        var outbox = op(TAG_SYSTEM, "system.outbox", "The outbox towards the event store",
                "Admins only. Per database file: changes not yet confirmed by the event store, the oldest one's time, dead "
                        + "letters and why the store cannot be reached; then the latest dead letters (changes the store refused for good).",
                ok("The outbox.", ref("Outbox")));
        var limit = object().put("name", "limit").put("in", "query").put("description", "dead letters to list (default 100, at most 1000)");
        limit.set("schema", type("integer").put("minimum", 0).put("maximum", 1000));
        outbox.putArray("parameters").add(limit);
        paths.putObject("/api/system/outbox").set("get", admin(withErrors(outbox, Error.BAD_REQUEST)));

        paths.putObject("/health").set("get", publicOp(op(TAG_SYSTEM, "system.health", "Health",
                "`up`, or `degraded` with the problems (a YAML file that does not load, a dependency down). Public.",
                ok("The service's health.", ref("Health")))));
        var metrics = object().put("description", "Prometheus metrics.");
        metrics.set("content", Nodes.content("text/plain", type("string").put("description", "Prometheus text format 0.0.4")));
        paths.putObject("/metrics").set("get", publicOp(op(TAG_SYSTEM, "system.metrics", "Metrics", "Prometheus text format. Public.", new Reply("200", metrics))));
    }

    private static ObjectNode outbox() {
        var time = type("string").put("format", "date-time");
        var file = objectOf("database", type("string"),
                "pending", type("integer").put("minimum", 0).put("description", "changes not yet confirmed by the event store"),
                "oldest_pending_at", nullable(time.deepCopy()).put("description", "when the oldest of them was written; null when none waits"),
                "dead_letters", type("integer").put("minimum", 0),
                "relayed", type("integer").put("minimum", 0).put("description", "events the store confirmed since the service started"),
                "problem", nullable(type("string")).put("description", "why the last attempt did not get through; null while it does"));
        var letter = objectOf("database", type("string"), "resource", type("string"), "position", int64(), "record_id", int64(),
                "event_id", type("string").put("format", "uuid"), "stream", type("string"), "type", type("string"),
                "reason", type("string"), "failed_at", time);
        return objectOf("event_store", type("string").put("format", "uri"), "databases", arrayOf(file), "dead_letters", arrayOf(letter));
    }

    private static ObjectNode nullable(ObjectNode schema) {
        var type = schema.get("type").asText();
        schema.putArray("type").add(type).add("null");
        return schema;
    }

    private static ObjectNode models() {
        var field = objectOf("name", type("string"), "type", type("string"));
        field.put("description", "A field and its options, as the YAML declares them.");
        field.set("additionalProperties", object());
        var resource = objectOf(
                "resource", type("string"),
                "title", type("string"),
                "base_path", type("string"),
                "fields", arrayOf(field),
                "record_count", type("integer").put("minimum", 0),
                "hooks", type("object").set("additionalProperties", arrayOf(type("string"))),
                "missing_hooks", arrayOf(type("string")).put("description", "hooks with no active service (skipped)"),
                "permissions", type("object").set("additionalProperties", object()),
                "warnings", arrayOf(type("string")));
        resource.set("additionalProperties", object());
        var error = objectOf("file", type("string"), "line", type("integer"), "column", type("integer"), "message", type("string"));
        return objectOf("resources", arrayOf(resource), "errors", arrayOf(error));
    }

    private static ObjectNode health() {
        var status = type("string");
        status.putArray("enum").add("up").add("degraded");
        var health = objectOf("service", type("string"), "status", status, "version", type("string"),
                "uptime_s", type("integer").put("minimum", 0));
        ((ObjectNode) health.get("properties")).set("problems", arrayOf(type("string")));
        return health;
    }

    private static ObjectNode messages() {
        var messages = type("object").put("description", "field name → message");
        messages.set("additionalProperties", type("string"));
        return messages;
    }

    /** A success response and its status. */
    private record Reply(String status, ObjectNode response) {}

    private static Reply ok(String description, ObjectNode schema) {
        return new Reply("200", Nodes.jsonResponse(description, schema));
    }

    private static Reply created(ObjectNode schema) {
        return new Reply("201", Nodes.jsonResponse("Created.", schema));
    }

    private static Reply noContent() {
        return new Reply("204", object().put("description", "Done."));
    }

    private static ObjectNode op(String tag, String id, String summary, String description, Reply reply) {
        var op = object();
        op.putArray("tags").add(tag);
        op.put("operationId", id).put("summary", summary);
        if (!description.isEmpty()) {
            op.put("description", description);
        }
        var responses = op.putObject("responses");
        responses.set(reply.status(), reply.response());
        responses.set("401", responseRef(Error.UNAUTHORIZED.component));
        return op;
    }

    /** No authentication needed: the document's default security does not apply. */
    private static ObjectNode publicOp(ObjectNode op, Error... errors) {
        op.putArray("security");
        var responses = (ObjectNode) op.get("responses");
        responses.remove("401");
        return withErrors(op, errors);
    }

    private static ObjectNode admin(ObjectNode op) {
        return withErrors(op, Error.FORBIDDEN);
    }

    /** Adds error responses and puts all responses in status order. */
    private static ObjectNode withErrors(ObjectNode op, Error... errors) {
        var responses = (ObjectNode) op.get("responses");
        for (var error : errors) {
            responses.set(error.code(), responseRef(error.component));
        }
        var sorted = object();
        responses.properties().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> sorted.set(e.getKey(), e.getValue()));
        op.set("responses", sorted);
        return op;
    }

    private static ObjectNode withBody(ObjectNode op, ObjectNode schema) {
        var body = object().put("required", true);
        body.set("content", Nodes.content("application/json", schema));
        op.set("requestBody", body);
        return withErrors(op, Error.BAD_REQUEST);
    }

    private static ObjectNode idParameter(String description) {
        var parameter = object().put("name", "id").put("in", "path").put("required", true).put("description", description);
        parameter.set("schema", int64().put("minimum", 1));
        return parameter;
    }
}
