package io.dbbasic.ai.services;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test of a service, as its YAML holds it: {@code input} is an invoke body (CONTRACT §6; the event
 * defaults to {@code before_create}) and {@code expected} what the reply must contain (see {@link TestRunner}).
 */
public record TestCase(String name, Map<String, Object> input, Map<String, Object> expected) {
    public TestCase {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a test needs a name");
        }
        input = Collections.unmodifiableMap(new LinkedHashMap<>(input == null ? Map.of() : input));
        expected = Collections.unmodifiableMap(new LinkedHashMap<>(expected == null ? Map.of() : expected));
    }
}
