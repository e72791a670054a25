package io.dbbasic.crud.schema;

import static io.dbbasic.crud.schema.Models.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dbbasic.common.model.Resource;
import java.math.BigDecimal;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change that stored rows would break is refused with a count and examples, and changes nothing; the
 * same change is applied once the rows fit. Each test starts from a table with rows, written directly.
 */
class TighterConstraintTest {
    @TempDir Path dir;
    TestDb db;

    @BeforeEach void open() { db = new TestDb(dir); }
    @AfterEach void close() { db.close(); }

    private void given(Resource resource, String... inserts) {
        db.schema().apply(resource);
        db.exec(inserts);
    }

    private MigrationRefused refused(Resource resource) {
        var before = db.query("SELECT shape_hash, version FROM _dbbasic_schema_history ORDER BY resource, version");
        var columns = db.columns(resource.name());
        var error = catchThrowableOfType(MigrationRefused.class, () -> db.schema().apply(resource));
        assertThat(error).as("refused").isNotNull();
        assertThat(error.resource()).isEqualTo(resource.name());
        // Nothing changed: no new version, same columns.
        assertThat(db.query("SELECT shape_hash, version FROM _dbbasic_schema_history ORDER BY resource, version")).isEqualTo(before);
        assertThat(db.columns(resource.name())).isEqualTo(columns);
        return error;
    }

    @Test
    void shrinking_max_length_below_stored_values_is_refused_with_the_count_and_the_old_schema_stays() {
        given(resource("posts", id(), string("title").maxLength(200)),
                "INSERT INTO posts (id, title) SELECT i, CASE WHEN i % 3 = 0 THEN repeat('x', 60) ELSE 'short' END FROM range(1, 112) t(i)");

        var error = refused(resource("posts", id(), string("title").maxLength(50)));

        assertThat(error.messages()).containsExactly("title: 37 rows exceed max_length 50 (e.g. id 3, 6, 9, 12, 15)");
        assertThat(error.problems().get(0).rows()).isEqualTo(37);
        assertThat(error.problems().get(0).exampleIds()).containsExactly(3L, 6L, 9L, 12L, 15L);
        assertThat(db.count("posts")).isEqualTo(111);
        assertThat(db.value("SELECT count(*) FROM posts WHERE length(title) = 60")).isEqualTo(37L);
        // The old version keeps working: the next apply of the old model changes nothing.
        assertThat(db.schema().apply(resource("posts", id(), string("title").maxLength(200))).changed()).isFalse();
    }

    @Test
    void shrinking_max_length_to_what_the_rows_fit_is_applied() {
        given(resource("posts", id(), string("title").maxLength(200)), "INSERT INTO posts VALUES (1, 'short'), (2, NULL)");

        var report = db.schema().apply(resource("posts", id(), string("title").maxLength(5)));

        assertThat(report.steps()).containsExactly(new MigrationStep.ChangeColumn("title", "max_length 200 → 5"));
        assertThat(report.version()).isEqualTo(2);
    }

    @Test
    void a_plan_shows_the_problems_without_throwing_or_changing_anything() {
        given(resource("posts", id(), string("title")), "INSERT INTO posts VALUES (1, 'a long title')");

        var plan = db.schema().plan(resource("posts", id(), string("title").maxLength(3).minLength(1)));

        assertThat(plan.isRefused()).isTrue();
        assertThat(plan.problems()).extracting(Problem::describe).containsExactly("title: 1 row exceeds max_length 3 (e.g. id 1)");
        assertThat(plan.currentVersion()).isEqualTo(1);
        assertThat(db.versions("posts")).containsExactly(1L);
    }

    @Test
    void min_length_counts_characters_not_bytes() {
        given(resource("posts", id(), string("title")), "INSERT INTO posts VALUES (1, 'née'), (2, 'ab'), (3, '👍🏽')");

        var error = refused(resource("posts", id(), string("title").minLength(3).maxLength(3)));

        assertThat(error.messages()).containsExactly("title: 2 rows are shorter than min_length 3 (e.g. id 2, 3)");
    }

    @Test
    void making_a_field_required_is_refused_while_rows_have_no_value_and_applied_once_they_do() {
        given(resource("posts", id(), string("title"), integer("views")),
                "INSERT INTO posts VALUES (1, 'a', 1), (2, NULL, NULL), (3, '   ', 3)");

        var error = refused(resource("posts", id(), string("title").required(), integer("views").required()));

        assertThat(error.messages()).containsExactly(
                "title: 2 rows have no value, but the field is now required (e.g. id 2, 3)",
                "views: 1 row has no value, but the field is now required (e.g. id 2)");

        db.exec("UPDATE posts SET title = 'b', views = 0 WHERE id IN (2, 3)");
        db.schema().apply(resource("posts", id(), string("title").required(), integer("views").required()));
        assertThat(db.nullable("posts")).containsEntry("title", false).containsEntry("views", false);
    }

    @Test
    void making_a_field_unique_is_refused_while_rows_share_a_value_and_enforced_once_applied() {
        given(resource("users", id(), email("email"), foreignKey("team_id", "teams")),
                "INSERT INTO users VALUES (1, 'a@x.io', 1), (2, 'b@x.io', 1), (3, 'a@x.io', 2), (4, NULL, 2), (5, NULL, 2)");
        var unique = resource("users", id(), email("email").unique(), foreignKey("team_id", "teams"));

        assertThat(refused(unique).messages())
                .containsExactly("email: 2 rows share a value with another row, but the field is now unique (e.g. id 1, 3)");

        db.exec("UPDATE users SET email = 'c@x.io' WHERE id = 3");
        db.schema().apply(unique);
        assertThatThrownBy(() -> db.exec("INSERT INTO users (id, email) VALUES (6, 'a@x.io')")).hasMessageContaining("uplicate key");
        assertThat(db.indexedColumns("users")).containsExactly("team_id");
        assertThat(db.count("users")).isEqualTo(5);
    }

    @Test
    void narrowing_select_options_is_refused_while_a_row_holds_a_removed_option() {
        given(resource("posts", id(), select("status", "draft", "published", "archived")),
                "INSERT INTO posts VALUES (1, 'draft'), (2, 'archived'), (3, 'published'), (4, NULL)");
        var narrowed = resource("posts", id(), select("status", "draft", "published"));

        assertThat(refused(narrowed).messages())
                .containsExactly("status: 1 row holds a value that is not one of the options [draft, published] (e.g. id 2)");

        db.exec("UPDATE posts SET status = 'draft' WHERE id = 2");
        assertThat(db.schema().apply(narrowed).steps())
                .containsExactly(new MigrationStep.ChangeColumn("status", "options [draft, published, archived] → [draft, published]"));
    }

    @Test
    void adding_select_options_needs_no_check() {
        given(resource("posts", id(), select("status", "draft")), "INSERT INTO posts VALUES (1, 'draft')");

        assertThat(db.schema().apply(resource("posts", id(), select("status", "draft", "published"))).changed()).isTrue();
    }

    @Test
    void a_tighter_range_is_refused_while_rows_fall_outside_it() {
        given(resource("products", id(), integer("stock").min("-10"), decimal("price", 10, 2)),
                "INSERT INTO products VALUES (1, -5, 10.50), (2, 3, 0.99), (3, 7, 1000.00)");

        var error = refused(resource("products", id(), integer("stock").min("0"), decimal("price", 10, 2).min("1").max("999.99")));

        assertThat(error.messages()).containsExactly(
                "stock: 1 row is below min 0 (e.g. id 1)",
                "price: 1 row is below min 1 (e.g. id 2)",
                "price: 1 row is above max 999.99 (e.g. id 3)");
    }

    @Test
    void a_new_pattern_is_refused_while_rows_do_not_match_it_whole() {
        given(resource("posts", id(), string("slug")),
                "INSERT INTO posts VALUES (1, 'hello-world'), (2, 'Hello World'), (3, 'ok'), (4, 'x-y!')");

        var error = refused(resource("posts", id(), string("slug").pattern("[a-z0-9]+(-[a-z0-9]+)*")));

        assertThat(error.messages()).containsExactly("slug: 2 rows do not match pattern [a-z0-9]+(-[a-z0-9]+)* (e.g. id 2, 4)");
    }

    @Test
    void a_type_change_is_refused_while_a_value_does_not_convert_without_loss_and_applied_once_all_do() {
        given(resource("items", id(), string("qty").index()),
                "INSERT INTO items VALUES (1, '12'), (2, 'many'), (3, '1.5'), (4, NULL), (5, ' 7 ')");
        var numeric = resource("items", id(), integer("qty").index());

        assertThat(refused(numeric).messages())
                .containsExactly("qty: 2 rows cannot be converted from string to integer without loss (e.g. id 2, 3)");

        db.exec("UPDATE items SET qty = '2' WHERE id IN (2, 3)");
        var report = db.schema().apply(numeric);

        assertThat(report.steps()).contains(new MigrationStep.ChangeColumn("qty", "type string → integer"),
                new MigrationStep.RebuildTable("items"));
        assertThat(db.columns("items")).containsEntry("qty", "BIGINT");
        assertThat(db.column("SELECT qty FROM items ORDER BY id")).containsExactly(12L, 2L, 2L, null, 7L);
        assertThat(db.indexedColumns("items")).containsExactly("qty");
    }

    @Test
    void narrowing_a_decimal_is_refused_when_values_would_be_rounded_or_overflow() {
        given(resource("products", id(), decimal("price", 10, 3)),
                "INSERT INTO products VALUES (1, 1.250), (2, 1.255), (3, 123456.000), (4, NULL)");

        var error = refused(resource("products", id(), decimal("price", 6, 2)));

        assertThat(error.messages()).containsExactly(
                "price: 2 rows cannot be converted from decimal(10,3) to decimal(6,2) without loss (e.g. id 2, 3)");
        db.exec("UPDATE products SET price = 1.25 WHERE id IN (2, 3)");
        db.schema().apply(resource("products", id(), decimal("price", 6, 2)));
        assertThat(db.column("SELECT price FROM products ORDER BY id"))
                .containsExactly(new BigDecimal("1.25"), new BigDecimal("1.25"), new BigDecimal("1.25"), null);
    }

    @Test
    void timestamps_become_dates_only_when_no_time_of_day_would_be_lost() {
        given(resource("events", id(), timestamp("at")),
                "INSERT INTO events VALUES (1, TIMESTAMP '2026-01-01 00:00:00'), (2, TIMESTAMP '2026-01-02 10:30:00')");

        assertThat(refused(resource("events", id(), date("at"))).messages())
                .containsExactly("at: 1 row cannot be converted from timestamp to date without loss (e.g. id 2)");
    }

    @Test
    void text_with_a_utc_offset_becomes_the_same_instant_in_utc() {
        given(resource("events", id(), string("at")),
                "INSERT INTO events VALUES (1, '2026-01-01T10:00:00+02:00'), (2, '2026-01-01T10:00:00Z'), (3, '2026-01-01 10:00:00')");

        db.schema().apply(resource("events", id(), timestamp("at")));

        assertThat(db.column("SELECT CAST(\"at\" AS VARCHAR) FROM events ORDER BY id"))
                .containsExactly("2026-01-01 08:00:00", "2026-01-01 10:00:00", "2026-01-01 10:00:00");
    }

    @Test
    void text_becomes_json_only_when_every_value_is_json() {
        given(resource("things", id(), text("meta")),
                "INSERT INTO things VALUES (1, '{\"a\": 1}'), (2, 'plain words'), (3, '[1, 2]'), (4, '{\"a\": 1} trailing')");

        assertThat(refused(resource("things", id(), json("meta"))).messages())
                .containsExactly("meta: 2 rows are not valid JSON (e.g. id 2, 4)");
    }

    @Test
    void text_becomes_email_only_when_every_value_is_an_address() {
        given(resource("users", id(), string("contact")),
                "INSERT INTO users VALUES (1, 'a@example.com'), (2, 'call me'), (3, NULL)");

        assertThat(refused(resource("users", id(), email("contact"))).messages())
                .containsExactly("contact: 1 row is not an e-mail address (e.g. id 2)");
    }

    @Test
    void anything_converts_to_text() {
        given(resource("things", id(), integer("n"), decimal("d", 6, 2), bool("b"), date("day")),
                "INSERT INTO things VALUES (1, 42, 1.50, true, DATE '2026-02-01')");

        db.schema().apply(resource("things", id(), string("n"), string("d"), string("b"), string("day")));

        assertThat(db.query("SELECT n, d, b, day FROM things").get(0))
                .containsValues("42", "1.50", "true", "2026-02-01");
    }

    @Test
    void pointing_a_foreign_key_at_another_resource_is_refused_while_rows_hold_ids() {
        given(resource("posts", id(), foreignKey("category_id", "categories"), manyToMany("tags", "tags")),
                "INSERT INTO posts VALUES (1, 5), (2, NULL)", "INSERT INTO _m2m_posts_tags VALUES (1, 7)");

        var error = refused(resource("posts", id(), foreignKey("category_id", "sections"), manyToMany("tags", "labels")));

        assertThat(error.messages()).containsExactly(
                "category_id: 1 row points at categories; with references: sections they would point at other records (e.g. id 1)",
                "tags: 1 link points at tags; with references: labels they would point at other records (e.g. source_id 1)");
    }

    @Test
    void every_problem_is_reported_at_once() {
        given(resource("posts", id(), string("title"), string("slug")),
                "INSERT INTO posts VALUES (1, NULL, 'a'), (2, 'x', 'a')");

        var error = refused(resource("posts", id(), string("title").required(), string("slug").unique(), string("code").required()));

        assertThat(error.messages()).hasSize(3);
        assertThat(error.getMessage()).startsWith("posts: change refused, nothing was changed: ");
    }

}
