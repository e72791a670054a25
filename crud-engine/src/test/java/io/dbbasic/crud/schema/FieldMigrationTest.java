package io.dbbasic.crud.schema;

import static io.dbbasic.crud.schema.Models.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.common.model.Resource;
import java.nio.file.Path;
import java.util.List;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding, renaming, removing and restoring fields (CONTRACT §3 "Migrations") on a real file with rows. */
class FieldMigrationTest {
    @TempDir Path dir;
    TestDb db;

    static final Resource POSTS = resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
            text("body"));

    @BeforeEach void open() {
        db = new TestDb(dir);
        db.schema().apply(POSTS);
        db.exec("INSERT INTO posts (id, title, author_id, body) VALUES (1, 'one', 10, 'b1'), (2, 'two', 20, NULL), (3, 'three', NULL, 'b3')");
    }

    @AfterEach void close() { db.close(); }

    @Test
    void adding_a_field_keeps_every_row_and_existing_rows_get_the_default() {
        var report = db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("body"), select("status", "draft", "published").withDefault("draft"), integer("views")));

        assertThat(report.version()).isEqualTo(2);
        assertThat(report.steps()).containsExactly(new MigrationStep.AddColumn("status", "draft"),
                new MigrationStep.AddColumn("views", null));
        assertThat(db.query("SELECT id, title, author_id, body, status, views FROM posts ORDER BY id")).containsExactly(
                row("id", 1L, "title", "one", "author_id", 10L, "body", "b1", "status", "draft", "views", null),
                row("id", 2L, "title", "two", "author_id", 20L, "body", null, "status", "draft", "views", null),
                row("id", 3L, "title", "three", "author_id", null, "body", "b3", "status", "draft", "views", null));
        assertThat(db.indexedColumns("posts")).containsExactly("author_id");
        db.exec("INSERT INTO posts (id, title) VALUES (4, 'four')");
        assertThat(db.value("SELECT status FROM posts WHERE id = 4")).isEqualTo("draft");
    }

    @Test
    void adding_a_required_field_with_a_default_fills_every_row_and_is_enforced() {
        var report = db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("body"), string("lang").required().withDefault("en")));

        assertThat(report.steps()).contains(new MigrationStep.RebuildTable("posts"));
        assertThat(db.column("SELECT lang FROM posts ORDER BY id")).containsExactly("en", "en", "en");
        assertThat(db.nullable("posts")).containsEntry("lang", false);
        assertThat(db.indexedColumns("posts")).containsExactly("author_id");
    }

    @Test
    void adding_a_required_field_without_a_default_is_refused_on_a_table_with_rows() {
        var withSlug = resource("posts", id(), string("title").required(), foreignKey("author_id", "users"), text("body"),
                string("slug").required());

        assertThatThrownBy(() -> db.schema().apply(withSlug)).isInstanceOf(MigrationRefused.class)
                .hasMessageContaining("slug: 3 rows would have no value for this new required field; give it a default (e.g. id 1, 2, 3)");
        assertThat(db.columns("posts")).doesNotContainKey("slug");
        assertThat(db.versions("posts")).containsExactly(1L);
    }

    @Test
    void adding_a_required_field_without_a_default_is_fine_on_an_empty_table() {
        db.exec("DELETE FROM posts");

        var report = db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("body"), string("slug").required()));

        assertThat(report.changed()).isTrue();
        assertThat(db.nullable("posts")).containsEntry("slug", false);
    }

    @Test
    void adding_a_unique_field_with_a_default_is_refused_when_rows_would_share_it() {
        var refused = resource("posts", id(), string("title").required(), foreignKey("author_id", "users"), text("body"),
                string("code").unique().withDefault("x"));

        assertThatThrownBy(() -> db.schema().apply(refused))
                .hasMessageContaining("code: 3 rows would all get the default x, but the field is unique");
    }

    @Test
    void renamed_from_keeps_the_data_under_the_new_name() {
        var renamed = resource("posts", id(), string("headline").renamedFrom("title").required(),
                foreignKey("writer_id", "users").renamedFrom("author_id"), text("body"));

        var report = db.schema().apply(renamed);

        assertThat(report.steps()).contains(new MigrationStep.RenameColumn("title", "headline"),
                new MigrationStep.RenameColumn("author_id", "writer_id"), new MigrationStep.RebuildTable("posts"));
        assertThat(db.columns("posts")).containsOnlyKeys("id", "headline", "writer_id", "body");
        assertThat(db.query("SELECT id, headline, writer_id FROM posts ORDER BY id")).containsExactly(
                row("id", 1L, "headline", "one", "writer_id", 10L),
                row("id", 2L, "headline", "two", "writer_id", 20L),
                row("id", 3L, "headline", "three", "writer_id", null));
        assertThat(db.indexedColumns("posts")).containsExactly("writer_id");
        assertThat(db.nullable("posts")).containsEntry("headline", false);
        // The YAML keeps saying renamed_from: applying it again changes nothing.
        assertThat(db.schema().apply(renamed).changed()).isFalse();
    }

    @Test
    void removing_a_field_keeps_its_data_lets_inserts_leave_it_out_and_restoring_it_brings_the_data_back() {
        var withoutTitle = resource("posts", id(), foreignKey("author_id", "users"), text("body"));

        var removed = db.schema().apply(withoutTitle);

        assertThat(removed.steps()).contains(new MigrationStep.HideColumn("title"));
        assertThat(db.columns("posts")).containsKey("title");
        assertThat(db.nullable("posts")).containsEntry("title", true); // it was required: no longer blocks inserts
        db.exec("INSERT INTO posts (id, author_id, body) VALUES (4, 40, 'written while title was gone')");
        assertThat(db.schema().apply(withoutTitle).changed()).isFalse();

        var restored = db.schema().apply(resource("posts", id(), string("title"), foreignKey("author_id", "users"), text("body")));

        assertThat(restored.steps()).contains(new MigrationStep.RestoreColumn("title"));
        assertThat(db.column("SELECT title FROM posts ORDER BY id")).containsExactly("one", "two", "three", null);
        assertThat(db.versions("posts")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void restoring_a_removed_required_field_is_refused_while_rows_written_meanwhile_lack_it() {
        db.schema().apply(resource("posts", id(), foreignKey("author_id", "users"), text("body")));
        db.exec("INSERT INTO posts (id, body) VALUES (4, 'no title')");

        assertThatThrownBy(() -> db.schema().apply(POSTS))
                .hasMessageContaining("title: 1 row has no value, but the field is now required (e.g. id 4)");

        db.exec("UPDATE posts SET title = 'four' WHERE id = 4");
        assertThat(db.schema().apply(POSTS).changed()).isTrue();
        assertThat(db.column("SELECT title FROM posts ORDER BY id")).containsExactly("one", "two", "three", "four");
    }

    @Test
    void a_hidden_column_can_come_back_under_a_new_name() {
        db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users")));

        db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("content").renamedFrom("body")));

        assertThat(db.column("SELECT content FROM posts ORDER BY id")).containsExactly("b1", null, "b3");
        assertThat(db.columns("posts")).doesNotContainKey("body");
    }

    @Test
    void changing_the_primary_key_is_refused_unless_it_is_a_rename() {
        assertThatThrownBy(() -> db.schema().apply(resource("posts", pk("post_id"), string("title").required(),
                foreignKey("author_id", "users"), text("body"))))
                .hasMessageContaining("post_id: the primary key changed from id to post_id; to rename it, write renamed_from: id");

        db.schema().apply(resource("posts", pk("post_id").renamedFrom("id"), string("title").required(),
                foreignKey("author_id", "users"), text("body")));

        assertThat(db.column("SELECT post_id FROM posts ORDER BY post_id")).containsExactly(1L, 2L, 3L);
        assertThatThrownBy(() -> db.exec("INSERT INTO posts (post_id, title) VALUES (1, 'dup')")).hasMessageContaining("uplicate key");
    }

    @Test
    void loosening_constraints_needs_no_check_and_takes_effect() {
        db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("body").unique().maxLength(10)));

        db.exec("UPDATE posts SET body = NULL");
        var report = db.schema().apply(resource("posts", id(), string("title"), foreignKey("author_id", "users"), text("body")));

        assertThat(report.steps()).contains(new MigrationStep.ChangeColumn("title", "no longer required"),
                new MigrationStep.ChangeColumn("body", "no longer unique"),
                new MigrationStep.ChangeColumn("body", "max_length 10 → none"));
        db.exec("INSERT INTO posts (id, body) VALUES (4, 'same'), (5, 'same')");
    }

    @Test
    void adding_and_removing_an_index_alters_the_table_in_place() {
        var report = db.schema().apply(resource("posts", id(), string("title").required().index(),
                foreignKey("author_id", "users"), text("body")));

        assertThat(report.steps()).containsExactly(new MigrationStep.ChangeColumn("title", "indexed"));
        assertThat(db.indexedColumns("posts")).containsExactlyInAnyOrder("author_id", "title");

        db.schema().apply(resource("posts", id(), string("title").required(), integer("author_id"), text("body")));

        assertThat(db.indexedColumns("posts")).isEmpty();
        assertThat(db.count("posts")).isEqualTo(3);
    }

    @Test
    void a_default_change_applies_to_new_rows_only() {
        db.schema().apply(resource("posts", id(), string("title").required().withDefault("untitled"),
                foreignKey("author_id", "users"), text("body")));
        db.exec("INSERT INTO posts (id) VALUES (4)");

        assertThat(db.column("SELECT title FROM posts ORDER BY id")).containsExactly("one", "two", "three", "untitled");
    }

    @Test
    void restoring_a_field_with_another_type_is_checked_as_a_type_change() {
        db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users")));

        assertThatThrownBy(() -> db.schema().apply(resource("posts", id(), string("title").required(),
                foreignKey("author_id", "users"), integer("body"))))
                .hasMessageContaining("body: 2 rows cannot be converted from text to integer without loss (e.g. id 1, 3)");
        assertThat(db.column("SELECT body FROM posts ORDER BY id")).containsExactly("b1", null, "b3");
    }

    @Test
    void the_key_order_of_a_json_default_does_not_make_a_new_version() {
        var ab = new java.util.LinkedHashMap<String, Object>();
        ab.put("a", 1L);
        ab.put("b", List.of("x"));
        var ba = new java.util.LinkedHashMap<String, Object>();
        ba.put("b", List.of("x"));
        ba.put("a", 1L);
        db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("body"), json("meta").withDefault(ab)));

        var again = db.schema().apply(resource("posts", id(), string("title").required(), foreignKey("author_id", "users"),
                text("body"), json("meta").withDefault(ba)));

        assertThat(again.changed()).isFalse();
        assertThat(db.column("SELECT meta FROM posts")).containsOnly("{\"a\":1,\"b\":[\"x\"]}");
    }

    private static Map<String, Object> row(Object... pairs) {
        var map = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

}
