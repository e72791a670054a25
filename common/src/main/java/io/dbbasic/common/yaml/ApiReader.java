package io.dbbasic.common.yaml;

import io.dbbasic.common.model.ApiOptions;
import io.dbbasic.common.model.CustomEndpoint;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads {@code api:} (CONTRACT §3 and §4): base path, bulk, export, rate limits, custom GET endpoints. */
final class ApiReader {
    private static final List<String> KEYS = List.of("base_path", "enable_bulk", "enable_export", "rate_limiting", "custom_endpoints");
    private static final List<String> ENDPOINT_KEYS = List.of("path", "method", "filter", "ordering", "description");
    /** Paths the crud-engine serves itself under /api; a resource may not take them. */
    static final Set<String> BUILT_IN_PATHS = Set.of("/api/models", "/api/auth", "/api/system");
    private static final Pattern BASE_PATH = Pattern.compile("/api(/[a-z0-9_-]+)+");
    private static final Pattern ENDPOINT_PATH = Pattern.compile("(/([a-z0-9_-]+|\\{[a-z][a-z0-9_]*\\}))+");
    private static final Pattern RATE = Pattern.compile("\\s*(\\d+)\\s*/\\s*(second|minute|hour|day)\\s*");
    private static final Pattern FILTER_KEY = Pattern.compile("([a-z][a-z0-9_]*)(\\[([a-z]+)\\])?");
    private static final List<String> FILTER_OPERATORS = List.of("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startswith", "null");
    /** First path segments the engine's own routes use under a base path. */
    private static final List<String> RESERVED_SEGMENTS = List.of("bulk", "export", "import", "aggregate");

    private final Reads reads;
    private final Diagnostics diagnostics;
    private final Map<String, Field> fields;

    ApiReader(Reads reads, Map<String, Field> fields) {
        this.reads = reads;
        this.diagnostics = reads.diagnostics;
        this.fields = fields;
    }

    /** The options; {@code basePathNode[0]} is set to where the base path was written, for duplicate checks. */
    ApiOptions read(String resource, Node node, Node[] basePathNode) {
        var defaults = ApiOptions.defaults(resource);
        if (node == null) {
            return defaults;
        }
        var mapping = reads.mapping(node, "`api`");
        if (mapping == null) {
            return defaults;
        }
        var entries = reads.entries(mapping);
        reads.checkKeys(entries, KEYS, " in api");
        var basePath = defaults.basePath();
        var base = entries.get("base_path");
        if (base != null) {
            basePathNode[0] = base.value();
            basePath = basePath(base.value());
        }
        var bulk = flag(entries.get("enable_bulk"));
        var export = flag(entries.get("enable_export"));
        RateLimit read = null;
        RateLimit write = null;
        var limits = entries.get("rate_limiting");
        if (limits != null) {
            var limitMap = reads.mapping(limits.value(), "`rate_limiting`");
            if (limitMap != null) {
                var limitEntries = reads.entries(limitMap);
                reads.checkKeys(limitEntries, List.of("read", "write"), " in rate_limiting");
                read = rate(limitEntries.get("read"));
                write = rate(limitEntries.get("write"));
            }
        }
        var endpoints = entries.get("custom_endpoints");
        var custom = endpoints == null ? List.<CustomEndpoint>of() : endpoints(endpoints.value());
        return new ApiOptions(basePath == null ? defaults.basePath() : basePath, bulk, export, read, write, custom);
    }

    private String basePath(Node node) {
        var path = reads.string(node, "`base_path`");
        if (path == null) {
            return null;
        }
        if (!BASE_PATH.matcher(path).matches()) {
            diagnostics.error(node, "base_path must start with /api/ and use lower-case letters, digits, - and _ (like /api/posts), not `" + path + "`");
            return null;
        }
        for (var builtIn : BUILT_IN_PATHS) {
            if (path.equals(builtIn) || path.startsWith(builtIn + "/")) {
                diagnostics.error(node, "base_path `" + path + "` collides with the built-in " + builtIn);
                return null;
            }
        }
        return path;
    }

    private boolean flag(Reads.Entry entry) {
        return entry != null && Boolean.TRUE.equals(reads.bool(entry.value(), "`" + entry.key() + "`"));
    }

    private RateLimit rate(Reads.Entry entry) {
        if (entry == null) {
            return null;
        }
        var text = reads.string(entry.value(), "a rate limit");
        if (text == null) {
            return null;
        }
        var matcher = RATE.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) < 1 || matcher.group(1).length() > 9) {
            diagnostics.error(entry.value(), "a rate limit is `N/second`, `N/minute`, `N/hour` or `N/day` with N ≥ 1, not `" + text + "`");
            return null;
        }
        var window = switch (matcher.group(2)) {
            case "second" -> Duration.ofSeconds(1);
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return new RateLimit(Integer.parseInt(matcher.group(1)), window);
    }

    private List<CustomEndpoint> endpoints(Node node) {
        if (!(node instanceof SequenceNode sequence)) {
            diagnostics.error(node, "`custom_endpoints` must be a list");
            return List.of();
        }
        var endpoints = new ArrayList<CustomEndpoint>();
        var paths = new LinkedHashMap<String, Node>();
        for (var item : sequence.getValue()) {
            var mapping = reads.mapping(item, "a custom endpoint");
            if (mapping == null) {
                continue;
            }
            var entries = reads.entries(mapping);
            var extra = entries.keySet().stream().filter(k -> !ENDPOINT_KEYS.contains(k)).toList();
            var method = entries.containsKey("method") ? reads.string(entries.get("method").value(), "`method`") : "GET";
            if (!extra.isEmpty() || method == null || !method.equalsIgnoreCase("GET")) {
                var why = !extra.isEmpty() ? "it uses " + extra : "only GET endpoints are served";
                diagnostics.warning(item, "this custom endpoint is not used: " + why
                        + " (DBBasic serves GET endpoints with path, filter, ordering and {param})");
                continue;
            }
            var endpoint = endpoint(entries, item);
            if (endpoint == null) {
                continue;
            }
            var previous = paths.putIfAbsent(endpoint.path(), item);
            if (previous != null) {
                diagnostics.error(item, "custom endpoint path `" + endpoint.path() + "` is declared twice");
                continue;
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private CustomEndpoint endpoint(Map<String, Reads.Entry> entries, Node item) {
        var pathEntry = entries.get("path");
        if (pathEntry == null) {
            diagnostics.error(item, "a custom endpoint needs a `path` such as /published");
            return null;
        }
        var path = reads.string(pathEntry.value(), "`path`");
        if (path == null) {
            return null;
        }
        if (!ENDPOINT_PATH.matcher(path).matches()) {
            diagnostics.error(pathEntry.value(), "a custom endpoint path is like /published or /by-author/{author_id}, not `" + path + "`");
            return null;
        }
        var first = path.substring(1).split("/")[0];
        if (RESERVED_SEGMENTS.contains(first) || first.startsWith("{")) {
            diagnostics.error(pathEntry.value(), "custom endpoint path `" + path + "` collides with the resource's own routes ({id}, "
                    + String.join(", ", RESERVED_SEGMENTS) + ")");
            return null;
        }
        var filter = filter(entries.get("filter"), path);
        var ordering = entries.containsKey("ordering") ? ordering(entries.get("ordering").value()) : List.<String>of();
        var description = entries.containsKey("description") ? reads.string(entries.get("description").value(), "`description`") : null;
        if (filter == null || ordering == null) {
            return null;
        }
        return new CustomEndpoint(path, filter, ordering, description);
    }

    private Map<String, String> filter(Reads.Entry entry, String path) {
        if (entry == null) {
            return Map.of();
        }
        var mapping = reads.mapping(entry.value(), "`filter`");
        if (mapping == null) {
            return null;
        }
        var filter = new LinkedHashMap<String, String>();
        for (var item : reads.entries(mapping).values()) {
            var key = FILTER_KEY.matcher(item.key());
            if (!key.matches() || !fields.containsKey(key.group(1))) {
                diagnostics.error(item.keyNode(), "filter `" + item.key() + "` names no field of this resource; the fields are " + fields.keySet());
                return null;
            }
            if (key.group(3) != null && !FILTER_OPERATORS.contains(key.group(3))) {
                diagnostics.error(item.keyNode(), "unknown filter operator `" + key.group(3) + "`; the operators are " + FILTER_OPERATORS);
                return null;
            }
            var value = filterValue(item.value());
            if (value == null) {
                return null;
            }
            var param = Pattern.compile("\\{([a-z][a-z0-9_]*)\\}").matcher(value);
            while (param.find()) {
                if (!path.contains("{" + param.group(1) + "}")) {
                    diagnostics.error(item.value(), "`{" + param.group(1) + "}` is not in the endpoint path `" + path + "`");
                    return null;
                }
            }
            filter.put(item.key(), value);
        }
        return filter;
    }

    private String filterValue(Node node) {
        if (node instanceof SequenceNode) {
            var values = reads.strings(node, "a filter value");
            return values == null ? null : String.join(",", values);
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        diagnostics.error(node, "a filter value is a single value or a list");
        return null;
    }

    private List<String> ordering(Node node) {
        var ordering = reads.strings(node, "`ordering`");
        if (ordering == null) {
            return null;
        }
        for (var item : ordering) {
            var name = item.startsWith("-") ? item.substring(1) : item;
            if (!fields.containsKey(name)) {
                diagnostics.error(node, "ordering `" + item + "` names no field of this resource; the fields are " + fields.keySet());
                return null;
            }
        }
        return ordering;
    }
}
