package io.dbbasic.common.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The moments a hook can run (CONTRACT §6). */
public enum HookEvent {
    BEFORE_CREATE, AFTER_CREATE, BEFORE_UPDATE, AFTER_UPDATE, BEFORE_DELETE, AFTER_DELETE;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isBefore() {
        return name().startsWith("BEFORE_");
    }

    public static Optional<HookEvent> fromYaml(String name) {
        return Arrays.stream(values()).filter(e -> e.yamlName().equals(name)).findFirst();
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(HookEvent::yamlName).toList();
    }
}
