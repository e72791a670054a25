package io.dbbasic.ai.models;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app's resources as far as hooks care: fields (for generation), the hooks each names per event
 * (for {@code used_by}) and the ones the crud-engine reports missing. {@code source} says where it came
 * from: {@code crud-engine}, {@code app folder} (the engine was unreachable) or {@code none}.
 */
public record Catalog(List<ResourceInfo> resources, String source) {
    public static final Catalog EMPTY = new Catalog(List.of(), "none");

    public Catalog {
        resources = List.copyOf(resources);
    }

    public record FieldInfo(String name, String type, List<String> options) {
        public FieldInfo {
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    public record ResourceInfo(String name, List<FieldInfo> fields, Map<String, List<String>> hooks, List<String> missingHooks) {
        public ResourceInfo {
            fields = List.copyOf(fields);
            hooks = Map.copyOf(hooks);
            missingHooks = List.copyOf(missingHooks);
        }

        public Optional<FieldInfo> field(String fieldName) {
            return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
        }
    }

    public record Usage(String resource, String event) {}

    /** A hook name that a resource uses but no active service answers. */
    public record Missing(String name, String resource, String event) {}

    public Optional<ResourceInfo> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Where a service name is used as a hook, in resource and event order. */
    public List<Usage> usedBy(String service) {
        var usages = new ArrayList<Usage>();
        for (var resource : resources) {
            resource.hooks().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .filter(e -> e.getValue().contains(service))
                    .forEach(e -> usages.add(new Usage(resource.name(), e.getKey())));
        }
        return usages;
    }

    /**
     * Hook names the resources use with no active service: those the crud-engine reports, plus any named
     * hook not in {@code active} (so the list is right also when it comes from the app folder).
     */
    public List<Missing> missing(Set<String> active) {
        var seen = new LinkedHashSet<Missing>();
        for (var resource : resources) {
            resource.hooks().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> e.getValue().stream()
                    .filter(name -> !active.contains(name) || resource.missingHooks().contains(name))
                    .forEach(name -> seen.add(new Missing(name, resource.name(), e.getKey()))));
        }
        return List.copyOf(seen);
    }
}
