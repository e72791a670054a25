package io.dbbasic.common.service;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a service reads from its process environment (CONTRACT §1), read once at start-up.
 * Tests build one from a map so that several stacks can run side by side in one JVM.
 */
public record Environment(Path appDir, Path dataDir, Path staticDir, Map<ServiceId, Integer> ports,
                          int staticPort, Map<String, String> variables) {
    public static final int DEFAULT_STATIC_PORT = 8000;

    public Environment {
        appDir = appDir.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        staticDir = staticDir.toAbsolutePath().normalize();
        ports = Map.copyOf(ports);
        variables = Map.copyOf(variables);
    }

    public static Environment fromSystem() {
        return of(System.getenv());
    }

    public static Environment of(Map<String, String> variables) {
        var ports = new EnumMap<ServiceId, Integer>(ServiceId.class);
        for (var id : ServiceId.values()) {
            ports.put(id, intVariable(variables, id.portVariable(), id.defaultPort()));
        }
        return new Environment(
                Path.of(variables.getOrDefault("DBBASIC_APP_DIR", "app")),
                Path.of(variables.getOrDefault("DBBASIC_DATA_DIR", "data")),
                Path.of(variables.getOrDefault("DBBASIC_STATIC_DIR", "static")),
                ports,
                intVariable(variables, "DBBASIC_STATIC_PORT", DEFAULT_STATIC_PORT),
                variables);
    }

    public int port(ServiceId id) {
        return ports.get(id);
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }

    private static int intVariable(Map<String, String> variables, String name, int fallback) {
        var value = variables.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'", e);
        }
    }
}
