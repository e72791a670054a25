package io.dbbasic.ai.services;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.generate.GenerateRequest;
import io.dbbasic.ai.generate.Generation;
import io.dbbasic.ai.models.CatalogSource;
import io.dbbasic.ai.sandbox.CallOutcome;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.DependencyDown;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The builder's REST API (CONTRACT §6). Handlers parse, make one call, and answer. */
public final class ServiceRoutes implements EndpointGroup {
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private final ServiceRegistry registry;
    private final Generation generation;
    private final CatalogSource catalogs;
    private final NotificationLog notifications;
    private final ObjectMapper json;

    public ServiceRoutes(ServiceRegistry registry, Generation generation, CatalogSource catalogs, NotificationLog notifications,
                         ObjectMapper json) {
        this.registry = registry;
        this.generation = generation;
        this.catalogs = catalogs;
        this.notifications = notifications;
        this.json = json;
    }

    @Override
    public void addEndpoints() {
        get("/api/services", this::list);
        post("/api/services/generate", this::generate);
        get("/api/services/{name}", this::show);
        put("/api/services/{name}", this::save);
        delete("/api/services/{name}", this::remove);
        post("/api/services/{name}/activate", this::activate);
        post("/api/services/{name}/test", this::test);
        post("/api/services/{name}/invoke", this::invoke);
        get("/api/notifications", ctx -> ctx.json(notifications.recent()));
    }

    private void list(Context ctx) {
        var catalog = catalogs.current();
        ctx.json(registry.all().stream().map(s -> ServiceViews.view(s, catalog, registry.metrics(s.name()))).toList());
    }

    private void show(Context ctx) {
        var state = registry.get(ServiceName.require(ctx.pathParam("name")));
        ctx.json(ServiceViews.view(state, catalogs.current(), registry.metrics(state.name())));
    }

    private void generate(Context ctx) {
        ctx.status(201).json(generation.generate(body(ctx, GenerateRequest.class)));
    }

    private void save(Context ctx) {
        var name = ServiceName.require(ctx.pathParam("name"));
        var request = body(ctx, SaveRequest.class);
        var existed = registry.find(name).isPresent();
        var state = registry.save(name, request.requireCode(), request.description(), request.testCases());
        ctx.status(existed ? 200 : 201).json(ServiceViews.view(state, catalogs.current(), registry.metrics(name)));
    }

    private void remove(Context ctx) {
        registry.delete(ServiceName.require(ctx.pathParam("name")));
        ctx.status(204);
    }

    private void activate(Context ctx) {
        var state = registry.activate(ServiceName.require(ctx.pathParam("name")));
        ctx.json(ServiceViews.view(state, catalogs.current(), registry.metrics(state.name())));
    }

    private void test(Context ctx) {
        var state = registry.test(ServiceName.require(ctx.pathParam("name")));
        ctx.json(Map.of("name", state.name(), "passed", state.testsPass(), "tests", ServiceViews.results(state.testResults())));
    }

    /**
     * The hook call of CONTRACT §6. A continue or reject is the hook's answer (200); a hook that was
     * stopped or failed has no answer, which the crud-engine must treat as a failed before-hook (503).
     */
    private void invoke(Context ctx) {
        var name = ServiceName.require(ctx.pathParam("name"));
        var request = object(ctx);
        if (request.containsKey("record") && request.get("record") != null && !(request.get("record") instanceof Map)) {
            throw new BadRequest("record must be a JSON object");
        }
        if (request.get("previous") != null && !(request.get("previous") instanceof Map)) {
            throw new BadRequest("previous must be a JSON object or null");
        }
        if (request.get("user") != null && !(request.get("user") instanceof Map)) {
            throw new BadRequest("user must be a JSON object or null");
        }
        var outcome = registry.invoke(name, request);
        if (outcome instanceof CallOutcome.Stopped || outcome instanceof CallOutcome.Failed) {
            throw new DependencyDown("the hook " + name + " gave no answer: " + TestRunner.reply(outcome).get("message"));
        }
        ctx.json(TestRunner.reply(outcome));
    }

    private <T> T body(Context ctx, Class<T> type) {
        try {
            var value = json.readValue(ctx.body(), type);
            if (value == null) {
                throw new BadRequest("the body must be a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new BadRequest("the body is not a valid request: " + firstLine(e.getMessage()));
        }
    }

    private LinkedHashMap<String, Object> object(Context ctx) {
        try {
            var value = json.readValue(ctx.body(), OBJECT);
            if (value == null) {
                throw new BadRequest("the body must be a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new BadRequest("the body must be a JSON object: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
