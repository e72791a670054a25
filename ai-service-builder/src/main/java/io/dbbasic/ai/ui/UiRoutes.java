package io.dbbasic.ai.ui;

import static io.javalin.apibuilder.ApiBuilder.get;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.generate.Generation;
import io.dbbasic.ai.models.Catalog;
import io.dbbasic.ai.models.CatalogSource;
import io.dbbasic.ai.services.NotificationLog;
import io.dbbasic.ai.services.ServiceName;
import io.dbbasic.ai.services.ServiceRegistry;
import io.dbbasic.ai.services.ServiceStatus;
import io.dbbasic.ai.services.ServiceViews;
import io.dbbasic.common.model.HookEvent;
import io.javalin.apibuilder.EndpointGroup;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The builder's pages (server-rendered with Thymeleaf, every value escaped): the services list with
 * status, metrics, users and the crud-engine's missing hooks; the "describe a hook" page; and a
 * service's page to edit, test and activate it. The pages' buttons call the JSON API.
 */
public final class UiRoutes implements EndpointGroup {
    private final ServiceRegistry registry;
    private final Generation generation;
    private final CatalogSource catalogs;
    private final NotificationLog notifications;
    private final ObjectMapper json;

    public UiRoutes(ServiceRegistry registry, Generation generation, CatalogSource catalogs, NotificationLog notifications, ObjectMapper json) {
        this.registry = registry;
        this.generation = generation;
        this.catalogs = catalogs;
        this.notifications = notifications;
        this.json = json;
    }

    @Override
    public void addEndpoints() {
        get("/", this::home);
        get("/describe", this::describe);
        get("/services/{name}", this::service);
    }

    private void home(Context ctx) {
        var catalog = catalogs.current();
        var rows = registry.all().stream().map(s -> {
            var row = new LinkedHashMap<String, Object>();
            row.put("name", s.name());
            row.put("description", s.spec().description());
            row.put("status", s.status().json());
            row.put("serving", s.serving());
            row.put("usedBy", catalog.usedBy(s.name()).stream().map(u -> u.resource() + "." + u.event()).collect(Collectors.joining(", ")));
            row.put("metrics", registry.metrics(s.name()));
            return row;
        }).toList();
        var active = registry.all().stream().filter(s -> s.status() == ServiceStatus.ACTIVE || s.serving()).map(s -> s.name())
                .collect(Collectors.toSet());
        var model = new HashMap<String, Object>();
        model.put("services", rows);
        model.put("missing", catalog.missing(active));
        model.put("source", catalog.source());
        model.put("generator", generation.generatorId());
        model.put("notifications", notifications.recent().stream().limit(10).toList());
        ctx.render("ai/home.html", model);
    }

    private void describe(Context ctx) {
        var catalog = catalogs.current();
        var model = new HashMap<String, Object>();
        model.put("resources", catalog.resources().stream().map(Catalog.ResourceInfo::name).toList());
        model.put("fields", fieldsByResource(catalog));
        model.put("events", HookEvent.yamlNames());
        model.put("name", safeName(ctx.queryParam("name")));
        model.put("resource", ctx.queryParamAsClass("resource", String.class).getOrDefault(""));
        model.put("event", ctx.queryParamAsClass("event", String.class).getOrDefault("before_create"));
        model.put("generator", generation.generatorId());
        ctx.render("ai/describe.html", model);
    }

    private void service(Context ctx) throws JsonProcessingException {
        var state = registry.get(ServiceName.require(ctx.pathParam("name")));
        var catalog = catalogs.current();
        var model = new HashMap<String, Object>();
        var view = ServiceViews.view(state, catalog, registry.metrics(state.name()));
        model.put("service", view);
        model.put("serviceJson", json.writeValueAsString(view));
        model.put("name", state.name());
        model.put("status", state.status().json());
        model.put("lines", List.of(state.code().split("\n", -1)));
        model.put("badLines", badLines(state));
        ctx.render("ai/service.html", model);
    }

    private static Map<String, String> fieldsByResource(Catalog catalog) {
        var fields = new LinkedHashMap<String, String>();
        catalog.resources().forEach(r -> fields.put(r.name(), r.fields().stream().map(f -> f.name() + " (" + f.type() + ")")
                .collect(Collectors.joining(", "))));
        return fields;
    }

    private static List<Integer> badLines(io.dbbasic.ai.services.ServiceState state) {
        var lines = new java.util.ArrayList<Integer>();
        state.errors().forEach(e -> lines.add(e.line()));
        state.violations().forEach(v -> lines.add(v.line()));
        return lines;
    }

    private static String safeName(String name) {
        return ServiceName.isValid(name) ? name : "";
    }
}
