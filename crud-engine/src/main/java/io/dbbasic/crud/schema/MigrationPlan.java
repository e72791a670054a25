package io.dbbasic.crud.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What applying a model would do ({@code steps}) and why it would be refused ({@code problems}), for
 * the resource currently at {@code currentVersion} (0: never applied). A plan with problems changes nothing.
 */
public record MigrationPlan(String resource, long currentVersion, List<MigrationStep> steps, List<Problem> problems) {
    public MigrationPlan {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
    }

    /** Nothing to do: the stored shape already matches the model. */
    public boolean isNoOp() {
        return steps.isEmpty() && problems.isEmpty();
    }

    public boolean isRefused() {
        return !problems.isEmpty();
    }

    public String summary() {
        return steps.isEmpty() ? "no change" : steps.stream().map(MigrationStep::describe).collect(Collectors.joining("; "));
    }
}
