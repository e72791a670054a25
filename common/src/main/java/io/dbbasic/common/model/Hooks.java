package io.dbbasic.common.model;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The hook services a resource names, per event, in the order they run. */
public record Hooks(Map<HookEvent, List<String>> byEvent) {
    public static final Hooks NONE = new Hooks(Map.of());

    public Hooks {
        var copy = new EnumMap<HookEvent, List<String>>(HookEvent.class);
        byEvent.forEach((event, names) -> copy.put(event, List.copyOf(names)));
        byEvent = java.util.Collections.unmodifiableMap(copy);
    }

    public List<String> of(HookEvent event) {
        return byEvent.getOrDefault(event, List.of());
    }

    /** Every service name the resource uses, once each. */
    public Set<String> names() {
        var names = new LinkedHashSet<String>();
        byEvent.values().forEach(names::addAll);
        return names;
    }
}
