package io.dbbasic.crud.schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * A question about the stored rows that decides whether a migration may go ahead: "how many rows (and
 * which) would break this?". The planner asks them; {@link RowChecks} turns them into SQL.
 */
sealed interface Check {
    /** The field (or many_to_many field) the answer is reported under. */
    String field();

    /** A stored column as the migration will leave it: column {@code column}, read as {@code from}, stored as {@code to}. */
    record Value(String column, SqlType from, SqlType to) {
        boolean converts() {
            return !from.equals(to);
        }
    }

    /** No value (NULL; for text fields also blank, which the write path treats as missing). */
    record NotNull(String field, Value value, boolean blankIsMissing) implements Check {}

    record Unique(String field, Value value) implements Check {}

    record MaxLength(String field, Value value, int max) implements Check {}

    record MinLength(String field, Value value, int min) implements Check {}

    record AtLeast(String field, Value value, BigDecimal min) implements Check {}

    record AtMost(String field, Value value, BigDecimal max) implements Check {}

    record OneOf(String field, Value value, List<String> options) implements Check {
        public OneOf {
            options = List.copyOf(options);
        }
    }

    /** Every stored value converts to the new type and back without loss (no rounding, no dropped time). */
    record Convertible(String field, Value value, String fromLabel, String toLabel) implements Check {}

    /** A Java regular expression the whole value must match (as the write path and the loader check it). */
    record Matches(String field, Value value, String pattern) implements Check {}

    record JsonText(String field, Value value) implements Check {}

    record Email(String field, Value value) implements Check {}

    record Url(String field, Value value) implements Check {}

    /** A foreign key's target changes: any stored id would silently point at a record of another resource. */
    record ReferencesUnchanged(String field, Value value, String from, String to) implements Check {}

    /** A new required field without a default: every existing row would be left without a value. */
    record NewRequired(String field) implements Check {}

    /** A new unique field with a default: every existing row would get the same value. */
    record NewUniqueDefault(String field, Object defaultValue) implements Check {}

    /** A many_to_many field's target changes: stored links would point at records of another resource. */
    record LinksUnchanged(String field, String joinTable, String from, String to) implements Check {}
}
