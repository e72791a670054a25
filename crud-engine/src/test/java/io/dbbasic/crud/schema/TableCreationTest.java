package io.dbbasic.crud.schema;

import static io.dbbasic.crud.schema.Models.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.dbbasic.common.storage.StorageException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCreationTest {
    @TempDir Path dir;
    TestDb db;

    @BeforeEach void open() { db = new TestDb(dir); }
    @AfterEach void close() { db.close(); }

    @Test
    void creates_one_column_per_field_with_the_mapped_duckdb_types() {
        var report = db.schema().apply(resource("things", id(), string("s"), text("t"), email("e"), url("u"),
                select("status", "a", "b"), integer("n"), decimal("price", 10, 2), bool("flag"), date("day"),
                timestamp("at"), json("meta"), foreignKey("owner_id", "users"), file("doc"), manyToMany("tags", "tags")));

        assertThat(report.changed()).isTrue();
        assertThat(report.version()).isEqualTo(1);
        assertThat(db.columns("things")).containsExactly(
                entry("id", "BIGINT"), entry("s", "VARCHAR"), entry("t", "VARCHAR"), entry("e", "VARCHAR"),
                entry("u", "VARCHAR"), entry("status", "VARCHAR"), entry("n", "BIGINT"),
                entry("price", "DECIMAL(10,2)"), entry("flag", "BOOLEAN"), entry("day", "DATE"),
                entry("at", "TIMESTAMP"), entry("meta", "VARCHAR"), entry("owner_id", "BIGINT"), entry("doc", "VARCHAR"));
    }

    @Test
    void the_primary_key_has_no_sequence_and_is_assigned_by_the_writer() {
        db.schema().apply(resource("things", pk("thing_id"), string("s")));

        assertThat(db.value("SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'things' AND constraint_type = 'PRIMARY KEY'"))
                .isEqualTo("PRIMARY KEY");
        assertThat(db.value("SELECT column_default FROM duckdb_columns() WHERE table_name = 'things' AND column_name = 'thing_id'")).isNull();
        assertThatThrownBy(() -> db.exec("INSERT INTO things (s) VALUES ('no id')")).isInstanceOf(StorageException.class);
    }

    @Test
    void required_fields_are_not_null_and_unique_fields_refuse_duplicates() {
        db.schema().apply(resource("users", id(), string("name").required(), email("email").unique()));

        assertThat(db.nullable("users")).containsEntry("name", false).containsEntry("email", true);
        assertThatThrownBy(() -> db.exec("INSERT INTO users (id, email) VALUES (1, 'a@b.co')"))
                .hasMessageContaining("NOT NULL");
        db.exec("INSERT INTO users (id, name, email) VALUES (1, 'a', 'a@b.co')",
                "INSERT INTO users (id, name, email) VALUES (2, 'b', NULL)",
                "INSERT INTO users (id, name, email) VALUES (3, 'c', NULL)");
        assertThatThrownBy(() -> db.exec("INSERT INTO users (id, name, email) VALUES (4, 'd', 'a@b.co')"))
                .hasMessageContaining("uplicate key");
    }

    @Test
    void defaults_are_written_as_typed_literals() {
        db.schema().apply(resource("things", id(),
                string("s").withDefault("it's \"quoted\"'; DROP TABLE things; --"),
                select("status", "draft", "published").withDefault("draft"),
                integer("n").withDefault(-5L),
                decimal("price", 10, 2).withDefault(new BigDecimal("-1.50")),
                bool("flag").withDefault(false),
                date("day").withDefault(LocalDate.of(2024, 2, 29)),
                timestamp("at").withDefault(Instant.parse("2026-11-25T20:00:00.123456Z")),
                json("meta").withDefault(Map.of("tags", List.of("a", "b's")))));
        db.exec("INSERT INTO things (id) VALUES (1)");

        var row = db.query("SELECT * FROM things").get(0);
        assertThat(row.get("s")).isEqualTo("it's \"quoted\"'; DROP TABLE things; --");
        assertThat(row.get("status")).isEqualTo("draft");
        assertThat(row.get("n")).isEqualTo(-5L);
        assertThat(row.get("price")).isEqualTo(new BigDecimal("-1.50"));
        assertThat(row.get("flag")).isEqualTo(false);
        assertThat(db.value("SELECT CAST(day AS VARCHAR) FROM things")).isEqualTo("2024-02-29");
        assertThat(db.value("SELECT CAST(\"at\" AS VARCHAR) FROM things")).isEqualTo("2026-11-25 20:00:00.123456");
        assertThat(row.get("meta")).isEqualTo("{\"tags\":[\"a\",\"b's\"]}");
    }

    @Test
    void foreign_keys_and_indexed_fields_get_an_index_and_no_foreign_key_constraint() {
        db.schema().apply(resource("posts", id(), foreignKey("author_id", "users"), string("slug").unique(),
                timestamp("published_at").index(), string("title")));

        assertThat(db.indexedColumns("posts")).containsExactlyInAnyOrder("author_id", "published_at");
        assertThat(db.column("SELECT constraint_type FROM duckdb_constraints() WHERE table_name = 'posts'"))
                .doesNotContain("FOREIGN KEY").contains("UNIQUE", "PRIMARY KEY");
        db.exec("INSERT INTO posts (id, author_id) VALUES (1, 999)"); // the engine, not DuckDB, checks references
    }

    @Test
    void many_to_many_gets_a_join_table_keyed_by_both_ids_with_an_index_on_the_target() {
        db.schema().apply(resource("posts", id(), string("title"), manyToMany("tags", "tags")));

        assertThat(db.tables()).contains("posts", "_m2m_posts_tags");
        assertThat(db.columns("posts")).doesNotContainKey("tags");
        assertThat(db.columns("_m2m_posts_tags")).containsExactly(entry("source_id", "BIGINT"), entry("target_id", "BIGINT"));
        assertThat(db.indexedColumns("_m2m_posts_tags")).containsExactly("target_id");
        db.exec("INSERT INTO _m2m_posts_tags VALUES (1, 2), (1, 3)");
        assertThatThrownBy(() -> db.exec("INSERT INTO _m2m_posts_tags VALUES (1, 2)")).hasMessageContaining("uplicate key");
    }

    @Test
    void sql_keywords_as_resource_and_field_names_are_quoted_everywhere() {
        var order = resource("order", id(), string("select").required().maxLength(10), integer("from").index(),
                string("group").unique(), manyToMany("table", "tags"));
        db.schema().apply(order);
        db.exec("INSERT INTO \"order\" (id, \"select\", \"from\", \"group\") VALUES (1, 'x', 2, 'g')");

        var changed = resource("order", id(), string("where").renamedFrom("select").required().maxLength(10),
                integer("from").index(), string("group").unique(), manyToMany("table", "tags"));
        db.schema().apply(changed);

        assertThat(db.query("SELECT \"where\", \"from\", \"group\" FROM \"order\"")).containsExactly(Map.of("where", "x", "from", 2L, "group", "g"));
        assertThat(db.tables()).contains("_m2m_order_table");
    }

    @Test
    void records_the_first_version_in_the_schema_history() {
        db.schema().apply(resource("posts", id(), string("title")));

        var row = db.query("SELECT * FROM _dbbasic_schema_history").get(0);
        assertThat(row.get("resource")).isEqualTo("posts");
        assertThat(row.get("version")).isEqualTo(1L);
        assertThat(row.get("applied_at")).isIn(LocalDateTime.parse("2026-11-25T20:00:00"), java.sql.Timestamp.valueOf("2026-11-25 20:00:00"));
        assertThat((String) row.get("shape_hash")).hasSize(64);
        assertThat((String) row.get("shape")).contains("\"name\":\"title\"");
        assertThat((String) row.get("summary")).isEqualTo("create table posts (2 columns)");
    }

    @Test
    void applying_the_same_model_again_after_reopening_the_file_is_a_no_op() {
        var posts = resource("posts", id(), string("title").required().maxLength(200), foreignKey("author_id", "users"),
                manyToMany("tags", "tags"), decimal("price", 10, 2).min("0.0"));
        db.schema().apply(posts);
        db.reopen();

        var report = db.schema().apply(posts);

        assertThat(report.changed()).isFalse();
        assertThat(report.version()).isEqualTo(1);
        assertThat(report.summary()).isEqualTo("no change");
        assertThat(db.schema().plan(posts).isNoOp()).isTrue();
        assertThat(db.versions("posts")).containsExactly(1L);
    }

    @Test
    void field_order_is_not_a_schema_change() {
        db.schema().apply(resource("posts", id(), string("title"), string("body")));

        var report = db.schema().apply(resource("posts", string("body"), id(), string("title")));

        assertThat(report.changed()).isFalse();
    }

    @Test
    void planning_is_a_dry_run_that_creates_nothing() {
        var plan = db.schema().plan(resource("posts", id(), string("title"), manyToMany("tags", "tags")));

        assertThat(plan.steps()).containsExactly(new MigrationStep.CreateTable("posts", 2),
                new MigrationStep.CreateJoinTable("tags", "_m2m_posts_tags"));
        assertThat(plan.currentVersion()).isZero();
        assertThat(db.tables()).isEmpty();
    }

    @Test
    void a_table_dbbasic_did_not_create_is_not_adopted() {
        db.exec("CREATE TABLE posts (id BIGINT, title VARCHAR)", "INSERT INTO posts VALUES (1, 'mine')");

        assertThatThrownBy(() -> db.schema().apply(resource("posts", id(), string("title"))))
                .isInstanceOf(MigrationRefused.class)
                .hasMessageContaining("already exists in this database file, but it has no schema history");
        assertThat(db.count("posts")).isEqualTo(1);
    }

    @Test
    void resources_sharing_a_file_each_have_their_own_history() {
        db.schema().apply(resource("posts", id(), string("title")));
        db.schema().apply(resource("tags", id(), string("name")));
        db.schema().apply(resource("posts", id(), string("title"), string("body")));

        assertThat(db.versions("posts")).containsExactly(1L, 2L);
        assertThat(db.versions("tags")).containsExactly(1L);
    }
}
