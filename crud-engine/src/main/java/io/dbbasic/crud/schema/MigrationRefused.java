package io.dbbasic.crud.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A model change that stored rows would break (or that DBBasic will not make). Nothing was changed:
 * the previous version of the resource's table is intact and keeps serving.
 */
public final class MigrationRefused extends RuntimeException {
    private final String resource;
    private final transient List<Problem> problems;

    public MigrationRefused(String resource, List<Problem> problems) {
        super(resource + ": change refused, nothing was changed: "
                + problems.stream().map(Problem::describe).collect(Collectors.joining("; ")));
        this.resource = resource;
        this.problems = List.copyOf(problems);
    }

    public String resource() {
        return resource;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One line per problem, as shown to the person who edited the YAML. */
    public List<String> messages() {
        return problems.stream().map(Problem::describe).toList();
    }
}
