package io.dbbasic.crud.schema;

import static io.dbbasic.common.storage.Sql.ident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import io.dbbasic.crud.schema.Check.Value;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Answers {@link Check}s against a stored table: how many rows would break a change, and the ids of the
 * first few. Most checks are one SQL query over the values as they would be stored (converted to the
 * new type); the ones whose rules are Java's (regular expressions, JSON, e-mail) stream the values and
 * test them with the same code the write path uses, so "refused here" means "refused on write".
 *
 * <p>Every query has the form {@code SELECT k, count(*) OVER () FROM (rows) WHERE broken ORDER BY k
 * LIMIT 5}: one scan gives the count and the examples. Values are parameters; names go through
 * {@link io.dbbasic.common.storage.Sql#ident}.
 */
final class RowChecks {
    private static final int EXAMPLES = 5;
    /** The loader's e-mail check (FieldReader), so a default that loads and a stored value agree. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern URL = Pattern.compile("(?i)https?://\\S+");

    private final ObjectMapper json = Json.newMapper();

    /**
     * @param table the stored table
     * @param key the stored primary key column (the examples are its values)
     * @param keyLabel the primary key's name in the new model, as the message shows it
     */
    List<Problem> run(Connection conn, String table, String key, String keyLabel, List<Check> checks) throws SQLException {
        var problems = new ArrayList<Problem>();
        var rows = new Rows(conn, table, key, keyLabel);
        for (var check : checks) {
            var problem = answer(rows, check);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    private Problem answer(Rows rows, Check check) throws SQLException {
        var f = check.field();
        if (check instanceof Check.NotNull c) {
            var blank = c.blankIsMissing() ? " OR regexp_full_match(v, '\\s*')" : "";
            return rows.where(f, c.value(), "v IS NULL" + blank, List.of(),
                    "has no value, but the field is now required", "have no value, but the field is now required");
        }
        if (check instanceof Check.Unique c) {
            return rows.duplicates(f, c.value());
        }
        if (check instanceof Check.MaxLength c) {
            return rows.where(f, c.value(), "length(v) > ?", List.of(c.max()),
                    "exceeds max_length " + c.max(), "exceed max_length " + c.max());
        }
        if (check instanceof Check.MinLength c) {
            return rows.where(f, c.value(), "length(v) < ?", List.of(c.min()),
                    "is shorter than min_length " + c.min(), "are shorter than min_length " + c.min());
        }
        if (check instanceof Check.AtLeast c) {
            return rows.where(f, c.value(), "v < ?", List.of(c.min()),
                    "is below min " + c.min().toPlainString(), "are below min " + c.min().toPlainString());
        }
        if (check instanceof Check.AtMost c) {
            return rows.where(f, c.value(), "v > ?", List.of(c.max()),
                    "is above max " + c.max().toPlainString(), "are above max " + c.max().toPlainString());
        }
        if (check instanceof Check.OneOf c) {
            var marks = String.join(", ", Collections.nCopies(c.options().size(), "?"));
            var options = "[" + String.join(", ", c.options()) + "]";
            return rows.where(f, c.value(), "v NOT IN (" + marks + ")", new ArrayList<>(c.options()),
                    "holds a value that is not one of the options " + options,
                    "hold values that are not among the options " + options);
        }
        if (check instanceof Check.Convertible c) {
            var what = "cannot be converted from " + c.fromLabel() + " to " + c.toLabel() + " without loss";
            return rows.where(f, c.value(), "raw IS NOT NULL AND (v IS NULL OR " + loss(c.value()) + ")", List.of(), what, what);
        }
        if (check instanceof Check.Matches c) {
            Pattern pattern;
            try {
                pattern = Pattern.compile(c.pattern());
            } catch (PatternSyntaxException e) {
                return Problem.of(f, "pattern " + c.pattern() + " does not compile");
            }
            return rows.failing(f, c.value(), v -> pattern.matcher(v).matches(),
                    "does not match pattern " + c.pattern(), "do not match pattern " + c.pattern());
        }
        if (check instanceof Check.JsonText c) {
            return rows.failing(f, c.value(), this::isJson, "is not valid JSON", "are not valid JSON");
        }
        if (check instanceof Check.Email c) {
            return rows.failing(f, c.value(), v -> EMAIL.matcher(v).matches(),
                    "is not an e-mail address", "are not e-mail addresses");
        }
        if (check instanceof Check.Url c) {
            return rows.failing(f, c.value(), v -> URL.matcher(v).matches(),
                    "is not an http(s) URL", "are not http(s) URLs");
        }
        if (check instanceof Check.ReferencesUnchanged c) {
            var why = " at " + c.from() + "; with references: " + c.to() + " they would point at other records";
            return rows.where(f, c.value(), "raw IS NOT NULL", List.of(), "points" + why, "point" + why);
        }
        if (check instanceof Check.NewRequired c) {
            var why = " no value for this new required field; give it a default";
            return rows.all(f, 1, "would have" + why, "would have" + why);
        }
        if (check instanceof Check.NewUniqueDefault c) {
            var why = " the default " + c.defaultValue() + ", but the field is unique";
            return rows.all(f, 2, "would get" + why, "would all get" + why);
        }
        if (check instanceof Check.LinksUnchanged c) {
            return links(rows.conn, c);
        }
        throw new IllegalStateException("unknown check " + check);
    }

    /**
     * When a converted value {@code v} differs from what was stored in {@code raw}. Text is parsed, so it
     * is compared with its reading as a number or timestamp ({@code '1.5'} → integer 2 is a loss; so is
     * {@code '2026-01-01 10:00'} → a date). Other types must survive the way back unchanged.
     */
    private static String loss(Value value) {
        var from = value.from();
        var to = value.to();
        if (from.isText()) {
            if (to.isNumeric()) {
                return "v IS DISTINCT FROM TRY_CAST(raw AS DOUBLE)";
            }
            if (to.kind() == SqlType.Kind.DATE) {
                return "(TRY_CAST(raw AS TIMESTAMP) IS NOT NULL AND TRY_CAST(raw AS TIMESTAMP) <> CAST(v AS TIMESTAMP))";
            }
            return "FALSE";
        }
        return "TRY_CAST(v AS " + from.ddl() + ") IS DISTINCT FROM raw";
    }

    private boolean isJson(String text) {
        try {
            json.readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static Problem links(Connection conn, Check.LinksUnchanged c) throws SQLException {
        var sql = "SELECT " + ident(SchemaNames.JOIN_SOURCE) + ", count(*) OVER () FROM " + ident(c.joinTable())
                + " ORDER BY 1 LIMIT " + EXAMPLES;
        var found = Found.of(conn, sql, List.of());
        if (found.count() == 0) {
            return null;
        }
        var why = " at " + c.from() + "; with references: " + c.to() + " they would point at other records";
        return new Problem(c.field(), found.count() + (found.count() == 1 ? " link points" : " links point") + why
                + found.examples(SchemaNames.JOIN_SOURCE), found.count(), found.ids());
    }

    /** The rows of one table, read through one connection. */
    private static final class Rows {
        private final Connection conn;
        private final String table;
        private final String key;
        private final String keyLabel;

        Rows(Connection conn, String table, String key, String keyLabel) {
            this.conn = conn;
            this.table = table;
            this.key = key;
            this.keyLabel = keyLabel;
        }

        /** Each row as (k: id, raw: stored value, v: the value converted to the new type). */
        private String source(Value value) {
            var column = ident(value.column());
            return "SELECT " + ident(key) + " AS k, " + column + " AS raw, "
                    + Ddl.convert(column, value.from(), value.to()) + " AS v FROM " + ident(table);
        }

        Problem where(String field, Value value, String broken, List<Object> params, String one, String many)
                throws SQLException {
            var sql = "SELECT k, count(*) OVER () FROM (" + source(value) + ") s WHERE " + broken
                    + " ORDER BY k LIMIT " + EXAMPLES;
            return problem(field, Found.of(conn, sql, params), 1, one, many);
        }

        Problem duplicates(String field, Value value) throws SQLException {
            var sql = "SELECT k, count(*) OVER () FROM (SELECT k, count(*) OVER (PARTITION BY v) AS same FROM ("
                    + source(value) + ") s WHERE v IS NOT NULL) d WHERE same > 1 ORDER BY k LIMIT " + EXAMPLES;
            return problem(field, Found.of(conn, sql, List.of()), 2,
                    "shares a value with another row, but the field is now unique",
                    "share a value with another row, but the field is now unique");
        }

        /** Every row counts; a problem from {@code atLeast} rows on. */
        Problem all(String field, long atLeast, String one, String many) throws SQLException {
            var sql = "SELECT " + ident(key) + ", count(*) OVER () FROM " + ident(table) + " ORDER BY 1 LIMIT " + EXAMPLES;
            return problem(field, Found.of(conn, sql, List.of()), atLeast, one, many);
        }

        /** Streams the non-null values and counts those {@code ok} refuses. */
        Problem failing(String field, Value value, Predicate<String> ok, String one, String many) throws SQLException {
            var sql = "SELECT k, CAST(v AS VARCHAR) FROM (" + source(value) + ") s WHERE v IS NOT NULL ORDER BY k";
            long count = 0;
            var ids = new ArrayList<Long>();
            try (var st = conn.prepareStatement(sql); var rs = st.executeQuery()) {
                while (rs.next()) {
                    if (!ok.test(rs.getString(2))) {
                        count++;
                        if (ids.size() < EXAMPLES) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
            }
            return problem(field, new Found(count, ids), 1, one, many);
        }

        private Problem problem(String field, Found found, long atLeast, String one, String many) {
            if (found.count() < atLeast) {
                return null;
            }
            var message = found.count() + (found.count() == 1 ? " row " + one : " rows " + many) + found.examples(keyLabel);
            return new Problem(field, message, found.count(), found.ids());
        }
    }

    /** How many rows a query found, and the ids of the first few. */
    private record Found(long count, List<Long> ids) {
        static Found of(Connection conn, String sql, List<Object> params) throws SQLException {
            long count = 0;
            var ids = new ArrayList<Long>();
            try (var st = conn.prepareStatement(sql)) {
                for (int i = 0; i < params.size(); i++) {
                    st.setObject(i + 1, params.get(i));
                }
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        count = rs.getLong(2);
                    }
                }
            }
            return new Found(count, ids);
        }

        String examples(String keyName) {
            if (ids.isEmpty()) {
                return "";
            }
            var shown = ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
            return " (e.g. " + keyName + " " + shown + ")";
        }
    }
}
