package io.dbbasic.crud.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A planned migration with what it takes to run it. {@code from} is null when the table is to be
 * created. {@code columnSources} maps each column of {@code to} that already holds data to the stored
 * column it comes from (its old name on a rename); {@code joinSources} does the same for renamed join
 * tables (new field → old field). {@code rebuild}: the table must be copied (see {@link Migrator}).
 */
record Migration(String resource, long fromVersion, TableShape from, TableShape to, List<MigrationStep> steps,
                 List<Problem> problems, List<Check> checks, Map<String, String> columnSources,
                 Map<String, String> joinSources, boolean rebuild) {
    Migration {
        steps = List.copyOf(steps);
        problems = List.copyOf(problems);
        checks = List.copyOf(checks);
        columnSources = Map.copyOf(columnSources);
        joinSources = Map.copyOf(joinSources);
    }

    MigrationPlan plan() {
        return new MigrationPlan(resource, fromVersion, steps, problems);
    }

    Migration withProblems(List<Problem> more) {
        var all = new ArrayList<>(problems);
        all.addAll(more);
        return new Migration(resource, fromVersion, from, to, steps, all, checks, columnSources, joinSources, rebuild);
    }
}
