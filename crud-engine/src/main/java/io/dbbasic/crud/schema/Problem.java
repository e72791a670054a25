package io.dbbasic.crud.schema;

import java.util.List;

/**
 * Why a migration cannot be applied: stored rows that would break the new model (a count and the ids
 * of a few), or a change DBBasic refuses to make. {@code field} is the field (or join table) concerned.
 */
public record Problem(String field, String message, long rows, List<Long> exampleIds) {
    public Problem {
        exampleIds = List.copyOf(exampleIds);
    }

    /** A problem not about particular rows (such as a changed primary key). */
    static Problem of(String field, String message) {
        return new Problem(field, message, 0, List.of());
    }

    /** {@code title: 37 rows exceed max_length 50 (e.g. id 3, 9, 12)} */
    public String describe() {
        return field + ": " + message;
    }

    @Override
    public String toString() {
        return describe();
    }
}
