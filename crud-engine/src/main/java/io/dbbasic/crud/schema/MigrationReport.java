package io.dbbasic.crud.schema;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of applying a model: the version the resource is now at and, when {@code changed}, the
 * steps just applied at {@code appliedAt} (otherwise: when the current version was applied).
 */
public record MigrationReport(String resource, long version, boolean changed, List<MigrationStep> steps, Instant appliedAt) {
    public MigrationReport {
        steps = List.copyOf(steps);
    }

    public String summary() {
        return steps.isEmpty() ? "no change" : steps.stream().map(MigrationStep::describe).collect(Collectors.joining("; "));
    }
}
