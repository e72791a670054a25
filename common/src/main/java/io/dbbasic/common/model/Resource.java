package io.dbbasic.common.model;

import java.util.List;
import java.util.Optional;

/**
 * One resource, as loaded from one YAML file and validated: the table, API, channel and admin pages
 * DBBasic builds from it. {@code workflow} is {@code null} when the YAML declares none.
 */
public record Resource(String name, String database, String title, String description, List<Field> fields,
                       Hooks hooks, Permissions permissions, ApiOptions api, InterfaceOptions interfaceOptions,
                       Workflow workflow, UiOptions ui, boolean auth, boolean strictHooks, Location location) {
    public static final String DEFAULT_DATABASE = "app.duckdb";

    public Resource {
        if (!Identifiers.isValid(name)) {
            throw new IllegalArgumentException("bad resource name " + name);
        }
        fields = List.copyOf(fields);
        if (fields.stream().filter(Field::isPrimaryKey).count() != 1) {
            throw new IllegalArgumentException("a resource has exactly one primary key");
        }
    }

    public Field primaryKey() {
        return fields.stream().filter(Field::isPrimaryKey).findFirst().orElseThrow();
    }

    public Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** The fields stored as columns of the resource's own table, in declared order. */
    public List<Field> columns() {
        return fields.stream().filter(Field::hasColumn).toList();
    }

    public Optional<Field> ownerField() {
        return fields.stream().filter(Field::marksOwner).findFirst();
    }

    public Optional<Workflow> workflowIfAny() {
        return Optional.ofNullable(workflow);
    }

    public String basePath() {
        return api.basePath();
    }

    public String displayTitle() {
        return title != null ? title : name;
    }
}
