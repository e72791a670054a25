package io.dbbasic.ai.services;

import java.util.List;

/** What a service's YAML file says: its description, tests and declared status. */
public record ServiceSpec(String description, List<TestCase> tests, ServiceStatus status) {
    public ServiceSpec {
        description = description == null ? "" : description;
        tests = List.copyOf(tests);
    }
}
