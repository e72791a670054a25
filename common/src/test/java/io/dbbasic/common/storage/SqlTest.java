package io.dbbasic.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlTest {
    @TempDir Path dir;
    DuckDbFile db;

    @BeforeEach void open() { db = DuckDbFile.open(dir.resolve("sql.duckdb")); }
    @AfterEach void close() { db.close(); }

    @Test
    void quotes_identifiers_and_doubles_embedded_quotes() {
        assertThat(Sql.ident("posts")).isEqualTo("\"posts\"");
        assertThat(Sql.ident("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Sql.ident("select")).isEqualTo("\"select\"");
    }

    @Test
    void refuses_empty_null_and_nul_identifiers() {
        assertThatThrownBy(() -> Sql.ident(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.ident("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.ident("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.ident("a\uD800")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void odd_identifiers_work_as_real_table_and_column_names() {
        var table = "we\"ird tab'le;--";
        var column = "col\"); DROP TABLE x; --";
        db.inTransaction(conn -> {
            try (var st = conn.createStatement()) {
                st.execute("CREATE TABLE " + Sql.ident(table) + " (" + Sql.ident(column) + " VARCHAR)");
                st.execute("INSERT INTO " + Sql.ident(table) + " VALUES ('v')");
            }
            return null;
        });
        assertThat(select("SELECT " + Sql.ident(column) + " FROM " + Sql.ident(table))).isEqualTo("v");
    }

    @Test
    void string_literals_double_quotes_and_round_trip_through_duckdb() {
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
        for (var s : new String[] {"it's", "''; DROP TABLE x; --", "back\\slash \\' still", "\"double\"", "naïve 👍🏽", "line\nbreak", ""}) {
            assertThat(select("SELECT " + Sql.literal(s))).isEqualTo(s);
        }
    }

    @Test
    void refuses_strings_that_cannot_be_stored() {
        assertThatThrownBy(() -> Sql.literal("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal("\uDC00x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbers_booleans_dates_and_timestamps_are_typed_literals() {
        assertThat(Sql.literal(42L)).isEqualTo("42");
        assertThat(Sql.literal(-5L)).isEqualTo("(-5)");
        assertThat(Sql.literal(7)).isEqualTo("7");
        assertThat(Sql.literal(new BigDecimal("-1.50"))).isEqualTo("(-1.50)");
        assertThat(Sql.literal(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Sql.literal(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
        assertThat(Sql.literal(true)).isEqualTo("TRUE");
        assertThat(Sql.literal(false)).isEqualTo("FALSE");
        assertThat(Sql.literal(LocalDate.of(2024, 2, 29))).isEqualTo("DATE '2024-02-29'");
        assertThat(Sql.literal(Instant.parse("2026-11-25T20:00:00.123456Z")))
                .isEqualTo("TIMESTAMP '2026-11-25 20:00:00.123456'");

        assertThat(((Number) select("SELECT 1 - " + Sql.literal(-5L))).longValue()).isEqualTo(6L);
        assertThat(select("SELECT " + Sql.literal(new BigDecimal("-1.50")))).isEqualTo(new BigDecimal("-1.50"));
        assertThat(select("SELECT " + Sql.literal(LocalDate.of(2024, 2, 29)))).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(select("SELECT CAST(" + Sql.literal(Instant.parse("2026-11-25T20:00:00.123456Z")) + " AS VARCHAR)"))
                .isEqualTo("2026-11-25 20:00:00.123456");
    }

    @Test
    void refuses_untyped_or_imprecise_values() {
        assertThatThrownBy(() -> Sql.literal(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal(1.5d)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal(LocalDateTime.now())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal(new BigDecimal("1E+100"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sql.literal(LocalDate.of(10000, 1, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    private Object select(String sql) {
        return db.withConnection(conn -> {
            try (var st = conn.createStatement(); var rs = st.executeQuery(sql)) {
                rs.next();
                var value = rs.getObject(1);
                return value instanceof java.sql.Date d ? d.toLocalDate() : value;
            }
        });
    }
}
