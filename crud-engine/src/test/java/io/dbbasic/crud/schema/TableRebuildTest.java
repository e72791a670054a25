package io.dbbasic.crud.schema;

import static io.dbbasic.crud.schema.Models.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.common.model.Resource;
import io.dbbasic.common.storage.StorageException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table rebuilds: what survives them, and that a failure anywhere leaves the old table as it was. */
class TableRebuildTest {
    @TempDir Path dir;
    TestDb db;

    /** Indexes of every kind, a unique column, a hidden column (legacy) and a join table. */
    static final Resource POSTS = resource("posts", id(), string("title").required(), string("slug").unique(),
            foreignKey("author_id", "users"), timestamp("published_at").index(), manyToMany("tags", "tags"));

    @BeforeEach void open() {
        db = new TestDb(dir);
        db.schema().apply(resource("posts", id(), string("title").required(), string("slug").unique(),
                foreignKey("author_id", "users"), timestamp("published_at").index(), manyToMany("tags", "tags"),
                string("legacy")));
        db.exec("INSERT INTO posts (id, title, slug, author_id, published_at, legacy) SELECT i, 'title ' || i, 'slug-' || i, "
                        + "i % 7, TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR, 'old ' || i FROM range(1, 1001) t(i)",
                "INSERT INTO _m2m_posts_tags VALUES (1, 1), (1, 2), (2, 1)");
        db.schema().apply(POSTS); // legacy is now hidden
    }

    @AfterEach void close() { db.close(); }

    @Test
    void a_rebuild_keeps_rows_indexes_constraints_hidden_columns_and_join_tables() {
        var report = db.schema().apply(resource("posts", id(), string("headline").renamedFrom("title").required(),
                string("slug").unique(), foreignKey("author_id", "users"), timestamp("published_at").index(),
                manyToMany("tags", "tags")));

        assertThat(report.steps()).contains(new MigrationStep.RebuildTable("posts"));
        assertThat(db.count("posts")).isEqualTo(1000);
        assertThat(db.query("SELECT id, headline, slug, author_id, legacy FROM posts WHERE id = 500").get(0))
                .containsValues(500L, "title 500", "slug-500", 3L, "old 500");
        assertThat(db.indexedColumns("posts")).containsExactlyInAnyOrder("author_id", "published_at");
        assertThat(db.nullable("posts")).containsEntry("headline", false).containsEntry("legacy", true);
        assertThatThrownBy(() -> db.exec("INSERT INTO posts (id, headline, slug) VALUES (1001, 'x', 'slug-1')"))
                .hasMessageContaining("uplicate key");
        assertThatThrownBy(() -> db.exec("INSERT INTO posts (id, headline) VALUES (1, 'x')")).hasMessageContaining("uplicate key");
        assertThat(db.count("_m2m_posts_tags")).isEqualTo(3);
        assertThat(db.tables()).containsExactlyInAnyOrder("posts", "_m2m_posts_tags", "_dbbasic_schema_history");
    }

    @Test
    void a_rebuild_runs_as_one_transaction_of_create_copy_drop_rename_and_index() {
        var statements = new ArrayList<String>();
        db.schema(statements::add).apply(resource("posts", id(), string("title"), string("slug").unique(),
                foreignKey("author_id", "users"), timestamp("published_at").index(), manyToMany("tags", "tags")));

        assertThat(statements).hasSize(6);
        assertThat(statements.get(0)).startsWith("CREATE TABLE \"_rebuild_posts\"");
        assertThat(statements.get(1)).startsWith("INSERT INTO \"_rebuild_posts\"");
        assertThat(statements.subList(2, 6)).containsExactly(
                "DROP TABLE \"posts\"",
                "ALTER TABLE \"_rebuild_posts\" RENAME TO \"posts\"",
                "CREATE INDEX \"_idx_posts.author_id\" ON \"posts\" (\"author_id\")",
                "CREATE INDEX \"_idx_posts.published_at\" ON \"posts\" (\"published_at\")");
    }

    @Test
    void a_failure_at_any_step_of_a_rebuild_leaves_the_old_table_intact() {
        var changed = resource("posts", id(), string("title"), string("slug").unique(), foreignKey("author_id", "users"),
                timestamp("published_at").index(), manyToMany("tags", "tags"));
        for (var failAt : List.of("INSERT INTO", "DROP TABLE", "ALTER TABLE", "CREATE INDEX")) {
            Ddl.Listener failing = sql -> {
                if (sql.startsWith(failAt)) {
                    throw new SQLException("injected failure before: " + sql);
                }
            };

            assertThatThrownBy(() -> db.schema(failing).apply(changed)).as(failAt)
                    .isInstanceOf(StorageException.class).hasMessageContaining("injected failure");

            assertThat(db.tables()).as(failAt).containsExactlyInAnyOrder("posts", "_m2m_posts_tags", "_dbbasic_schema_history");
            assertThat(db.count("posts")).as(failAt).isEqualTo(1000);
            assertThat(db.nullable("posts")).as(failAt).containsEntry("title", false);
            assertThat(db.indexedColumns("posts")).as(failAt).containsExactlyInAnyOrder("author_id", "published_at");
            assertThat(db.value("SELECT legacy FROM posts WHERE id = 1")).as(failAt).isEqualTo("old 1");
            assertThat(db.versions("posts")).as(failAt).containsExactly(1L, 2L);
        }
        // The file is healthy afterwards: the same change goes through.
        assertThat(db.schema().apply(changed).version()).isEqualTo(3);
        assertThat(db.nullable("posts")).containsEntry("title", true);
    }

    @Test
    void a_column_the_history_does_not_know_is_never_dropped_by_a_rebuild() {
        db.exec("ALTER TABLE posts ADD COLUMN added_by_hand VARCHAR DEFAULT 'mine'");

        assertThatThrownBy(() -> db.schema().apply(resource("posts", id(), string("title"), string("slug").unique(),
                foreignKey("author_id", "users"), timestamp("published_at").index(), manyToMany("tags", "tags"))))
                .hasMessageContaining("would leave columns [added_by_hand] behind");
        assertThat(db.value("SELECT added_by_hand FROM posts WHERE id = 1")).isEqualTo("mine");
        assertThat(db.versions("posts")).containsExactly(1L, 2L);
    }

    @Test
    void removing_a_many_to_many_field_keeps_its_links_and_restoring_it_brings_them_back() {
        var without = db.schema().apply(resource("posts", id(), string("title").required(), string("slug").unique(),
                foreignKey("author_id", "users"), timestamp("published_at").index()));

        assertThat(without.steps()).containsExactly(new MigrationStep.HideJoinTable("tags", "_m2m_posts_tags"));
        assertThat(db.count("_m2m_posts_tags")).isEqualTo(3);

        var restored = db.schema().apply(POSTS);

        assertThat(restored.steps()).containsExactly(new MigrationStep.RestoreJoinTable("tags", "_m2m_posts_tags"));
        assertThat(db.count("_m2m_posts_tags")).isEqualTo(3);
    }

    @Test
    void renaming_a_many_to_many_field_renames_its_join_table_with_its_links() {
        db.schema().apply(resource("posts", id(), string("title").required(), string("slug").unique(),
                foreignKey("author_id", "users"), timestamp("published_at").index(), manyToMany("labels", "tags").renamedFrom("tags")));

        assertThat(db.tables()).contains("_m2m_posts_labels").doesNotContain("_m2m_posts_tags");
        assertThat(db.count("_m2m_posts_labels")).isEqualTo(3);
        assertThat(db.indexedColumns("_m2m_posts_labels")).containsExactly("target_id");
    }

    @Test
    void a_join_table_name_already_taken_is_refused() {
        db.exec("CREATE TABLE _m2m_posts_labels (x BIGINT)");

        assertThatThrownBy(() -> db.schema().apply(resource("posts", id(), string("title").required(), string("slug").unique(),
                foreignKey("author_id", "users"), timestamp("published_at").index(), manyToMany("tags", "tags"),
                manyToMany("labels", "tags"))))
                .hasMessageContaining("labels: a table _m2m_posts_labels already exists in this database file");
    }

    @Test
    void a_change_to_one_resource_leaves_another_in_the_same_file_alone() {
        db.schema().apply(resource("tags", id(), string("name").unique()));
        db.exec("INSERT INTO tags VALUES (1, 'java'), (2, 'sql')");

        db.schema().apply(resource("posts", id(), string("title"), string("slug").unique(), foreignKey("author_id", "users"),
                timestamp("published_at").index(), manyToMany("tags", "tags")));

        assertThat(db.column("SELECT name FROM tags ORDER BY id")).containsExactly("java", "sql");
        assertThat(db.versions("tags")).containsExactly(1L);
    }
}
