package io.dbbasic.ai.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.yaml.AppLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Reads the {@link Catalog} from the crud-engine's {@code GET /api/models} when it answers, else from
 * the app folder's YAML (the same files the engine loads), so that the builder degrades gracefully
 * when the engine is down. Results are cached for a few seconds: pages and generation ask often.
 */
public final class CatalogSource {
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofMillis(800);

    private record Cached(Catalog catalog, Instant at) {}

    private final URI models;
    private final Supplier<String> authorization;
    private final Path appDir;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final AtomicReference<Cached> cache = new AtomicReference<>();

    /**
     * {@code crudUrl} like {@code http://localhost:8005}; null to use the app folder only. {@code authorization}:
     * the {@code Authorization} header (the builder's service token: {@code /api/models} needs an account).
     */
    public CatalogSource(String crudUrl, Supplier<String> authorization, Path appDir, ObjectMapper json, Clock clock) {
        this.models = crudUrl == null ? null : URI.create(crudUrl.replaceAll("/+$", "") + "/api/models");
        this.authorization = authorization;
        this.appDir = appDir;
        this.json = json;
        this.clock = clock;
    }

    public Catalog current() {
        var cached = cache.get();
        var now = clock.instant();
        if (cached != null && cached.at().plus(TTL).isAfter(now)) {
            return cached.catalog();
        }
        var catalog = fromEngine();
        if (catalog == null) {
            catalog = fromAppFolder();
        }
        cache.set(new Cached(catalog, now));
        return catalog;
    }

    private Catalog fromEngine() {
        if (models == null) {
            return null;
        }
        try {
            var response = http.send(HttpRequest.newBuilder(models).timeout(TIMEOUT).header("Authorization", authorization.get()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            var root = json.readTree(response.body());
            var resources = new ArrayList<Catalog.ResourceInfo>();
            for (var node : root.path("resources")) {
                var fields = new ArrayList<Catalog.FieldInfo>();
                for (var field : node.path("fields")) {
                    fields.add(new Catalog.FieldInfo(field.path("name").asText(), field.path("type").asText(), texts(field.path("options"))));
                }
                var hooks = new LinkedHashMap<String, List<String>>();
                node.path("hooks").properties().forEach(e -> hooks.put(e.getKey(), e.getValue().isArray()
                        ? texts(e.getValue()) : List.of(e.getValue().asText())));
                var missing = new ArrayList<String>();
                for (var item : node.path("missing_hooks")) {
                    missing.add(item.isObject() ? item.path("name").asText(item.path("hook").asText()) : item.asText());
                }
                resources.add(new Catalog.ResourceInfo(node.path("resource").asText(), fields, hooks, missing));
            }
            return new Catalog(resources, "crud-engine");
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Catalog fromAppFolder() {
        if (appDir == null || !Files.isDirectory(appDir)) {
            return Catalog.EMPTY;
        }
        try {
            var model = new AppLoader().loadApp(appDir).model();
            var resources = new ArrayList<Catalog.ResourceInfo>();
            for (var resource : model.resources()) {
                var fields = new ArrayList<Catalog.FieldInfo>();
                resource.fields().forEach(f -> fields.add(new Catalog.FieldInfo(f.name(), f.type().yamlName(),
                        f.type() instanceof FieldType.Select select ? select.options() : List.of())));
                var hooks = new LinkedHashMap<String, List<String>>();
                resource.hooks().byEvent().forEach((event, names) -> hooks.put(event.yamlName(), names));
                resources.add(new Catalog.ResourceInfo(resource.name(), fields, hooks, List.of()));
            }
            return new Catalog(resources, "app folder");
        } catch (RuntimeException e) {
            return Catalog.EMPTY;
        }
    }

    private static List<String> texts(JsonNode array) {
        var list = new ArrayList<String>();
        if (array != null && array.isArray()) {
            array.forEach(item -> list.add(item.asText()));
        }
        return list;
    }
}
