package io.dbbasic.common.model;

/** What a permission rule guards. */
public enum Operation {
    CREATE, READ, UPDATE, DELETE;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
