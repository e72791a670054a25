package io.dbbasic.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.HookEvent;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.Rule;
import io.dbbasic.common.model.UiOptions;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppLoaderTest {
    private final AppLoader loader = new AppLoader();

    private static final String POSTS = """
            resource: posts
            database: blog.duckdb
            title: Blog posts
            fields:
              id: {type: primary_key}
              title: {type: string, required: true, max_length: 200, searchable: true,
                      ui: {placeholder: "A title", help_text: "Shown on the list"}}
              slug: {type: string, unique: true, pattern: "[a-z0-9-]+"}
              body: {type: text, ui: {component: rich_editor, rows: 12}}
              status: {type: select, options: [draft, published, archived], default: draft,
                       ui: {variant: badge, colors: {draft: secondary, published: success}}}
              price: {type: decimal, precision: 10, scale: 2, min: 0, default: 9.5}
              views: {type: integer, min: 0, default: 0}
              featured: {type: boolean, default: false}
              publish_on: {type: date, default: 2026-11-25}
              created_at: {type: timestamp, auto_now_add: true}
              meta: {type: json, default: {seo: true, tags: [a, b]}}
              cover: {type: file, accept: [image/*, .pdf], max_size: 5MB}
              author_id: {type: foreign_key, references: users, on_delete: restrict, ui: {default_current_user: true}}
              category_id: {type: foreign_key, references: categories, on_delete: set_null}
              tags: {type: many_to_many, references: categories}
            hooks: {before_create: [generate_slug_from_title], after_create: notify_subscribers}
            permissions: {create: authenticated, read: {published: public, draft: owner_or_admin}, update: owner_or_admin, delete: admin}
            api: {base_path: /api/posts, enable_bulk: true, enable_export: true,
                  rate_limiting: {read: 1000/hour, write: 100/hour},
                  custom_endpoints: [{path: /published, method: GET, filter: {status: published}, ordering: [-created_at]},
                                     {path: "/by-author/{author_id}", filter: {author_id: "{author_id}"}}]}
            interface: {list_display: [title, status], search_fields: [title], list_filters: [status], ordering: [-created_at], per_page: 20}
            workflow: {field: status, initial: [draft], states: {draft: {transitions: [published]}, published: {transitions: [draft, archived], actions: [notify_subscribers]}, archived: {}}}
            ui: {components: {list: {variant: kanban}}}
            """;
    private static final String CATEGORIES = """
            resource: categories
            database: blog.duckdb
            fields:
              id: {type: primary_key}
              name: {type: string, required: true, unique: true}
            """;

    private AppLoad load(String... nameThenText) {
        var sources = new LinkedHashMap<Path, String>();
        for (var i = 0; i < nameThenText.length; i += 2) {
            sources.put(Path.of(nameThenText[i]), nameThenText[i + 1]);
        }
        return loader.load(sources);
    }

    private static List<String> messages(AppLoad load) {
        return load.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void loads_a_full_resource_into_typed_records() {
        var load = load("posts.yaml", POSTS, "categories.yaml", CATEGORIES);

        assertThat(messages(load)).isEmpty();
        var posts = load.model().resource("posts").orElseThrow();
        assertThat(posts.database()).isEqualTo("blog.duckdb");
        assertThat(posts.primaryKey().name()).isEqualTo("id");
        assertThat(posts.field("status").orElseThrow().type()).isEqualTo(new FieldType.Select(List.of("draft", "published", "archived")));
        assertThat(posts.field("status").orElseThrow().defaultValue()).isEqualTo("draft");
        assertThat(posts.field("price").orElseThrow().type()).isEqualTo(new FieldType.Decimal(10, 2));
        assertThat(posts.field("price").orElseThrow().defaultValue()).isEqualTo(new BigDecimal("9.5"));
        assertThat(posts.field("views").orElseThrow().defaultValue()).isEqualTo(0L);
        assertThat(posts.field("featured").orElseThrow().defaultValue()).isEqualTo(false);
        assertThat(posts.field("publish_on").orElseThrow().defaultValue()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(posts.field("meta").orElseThrow().defaultValue()).isEqualTo(Map.of("seo", true, "tags", List.of("a", "b")));
        assertThat(posts.field("created_at").orElseThrow().auto()).containsExactly(Auto.NOW_ADD);
        assertThat(posts.field("cover").orElseThrow().type()).isEqualTo(new FieldType.File(List.of("image/*", ".pdf"), 5L * 1024 * 1024));
        assertThat(posts.field("category_id").orElseThrow().type())
                .isEqualTo(new FieldType.ForeignKey("categories", FieldType.OnDelete.SET_NULL));
        assertThat(posts.field("tags").orElseThrow().hasColumn()).isFalse();
        assertThat(posts.ownerField().orElseThrow().name()).isEqualTo("author_id");
        assertThat(posts.field("title").orElseThrow().ui().placeholder()).isEqualTo("A title");
        assertThat(posts.hooks().of(HookEvent.BEFORE_CREATE)).containsExactly("generate_slug_from_title");
        assertThat(posts.hooks().of(HookEvent.AFTER_CREATE)).containsExactly("notify_subscribers");
        assertThat(posts.permissions().of(Operation.READ)).isEqualTo(new Rule.ByStatus("status",
                Map.of("published", Rule.PUBLIC, "draft", new Rule.Builtin(Rule.Kind.OWNER_OR_ADMIN))));
        assertThat(posts.permissions().of(Operation.DELETE)).isEqualTo(Rule.ADMIN);
        assertThat(posts.api().readLimit().requests()).isEqualTo(1000);
        assertThat(posts.api().readLimit().window()).isEqualTo(Duration.ofHours(1));
        assertThat(posts.api().customEndpoints()).hasSize(2);
        assertThat(posts.api().customEndpoints().get(1).filter()).containsEntry("author_id", "{author_id}");
        assertThat(posts.interfaceOptions().perPage()).isEqualTo(20);
        assertThat(posts.workflow().allows("draft", "published")).isTrue();
        assertThat(posts.workflow().allows("draft", "archived")).isFalse();
        assertThat(posts.ui().listVariant()).isEqualTo(UiOptions.ListVariant.KANBAN);
    }

    @Test
    void a_misspelled_key_is_an_error_that_suggests_the_right_one() {
        var load = load("gadgets.yaml", """
                resource: gadgets
                fields:
                  name: {type: string, requried: true}
                """);

        assertThat(messages(load)).containsExactly(
                "gadgets.yaml:3:24: error: `requried` in field `name`: did you mean `required`?");
        assertThat(load.model().resources()).isEmpty();
    }

    @Test
    void a_misspelled_type_is_an_error_that_suggests_the_right_one() {
        var load = load("gadgets.yaml", """
                resource: gadgets
                fields:
                  id: {type: primary_key}
                  name:
                    type: strng
                """);

        assertThat(messages(load)).containsExactly("gadgets.yaml:5:11: error: unknown type `strng`: did you mean `string`?");
    }

    @Test
    void blocks_from_other_versions_and_unknown_keys_are_warnings_and_the_file_loads() {
        var load = load("extras.yaml", """
                resource: extras
                fields:
                  id: {type: primary_key}
                  name: {type: string, widget_color: blue}
                seo: {auto_generate: true}
                analytics: {track_views: true}
                search: {engine: elastic}
                ui: {theme: dark, layout: wide, css_classes: [x]}
                interface: {detail_layout: tabs}
                """);

        assertThat(load.errors()).isEmpty();
        assertThat(load.diagnostics()).hasSize(8).allMatch(d -> d.message().contains("not used"));
        assertThat(load.model().resource("extras")).isPresent();
    }

    @Test
    void a_tab_indented_file_fails_with_its_position() {
        var load = load("tabs.yaml", "resource: tabs\nfields:\n\tid: {type: primary_key}\n");

        assertThat(messages(load)).singleElement().asString().startsWith("tabs.yaml:3:1: error: YAML syntax: a tab character");
    }

    @Test
    void a_billion_laughs_file_is_refused_quickly() {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        var previous = 'a';
        for (var c = 'b'; c <= 'l'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (var i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = c;
        }
        yaml.append("resource: bomb\nfields: {id: {type: primary_key}, x: {type: json, default: *l}}\n");

        var load = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> load("bomb.yaml", yaml.toString()));

        assertThat(messages(load)).singleElement().asString().startsWith("bomb.yaml:1:1: error: YAML refused: more than 50 aliases");
    }

    @Test
    void aliases_under_the_alias_limit_still_cannot_expand_a_default_without_bound() {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x]\n");
        var previous = 'a';
        for (var c = 'b'; c <= 'e'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (var i = 0; i < 12; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append(previous);
            }
            yaml.append("]\n");
            previous = c;
        }
        yaml.append("resource: bomb\nfields: {id: {type: primary_key}, x: {type: json, default: *e}}\n");

        var load = load("bomb.yaml", yaml.toString());

        assertThat(load.errors()).singleElement().extracting(Diagnostic::message).asString().contains("expands to more than");
    }

    @Test
    void a_select_default_outside_its_options_is_an_error_on_its_line() {
        var load = load("things.yaml", """
                resource: things
                fields:
                  id: {type: primary_key}
                  state: {type: select, options: [a, b], default: c}
                """);

        assertThat(messages(load)).containsExactly("things.yaml:4:51: error: default of `state` `c` is not one of the options [a, b]");
    }

    @Test
    void a_reference_to_an_unknown_resource_is_an_error_with_a_suggestion() {
        var load = load("posts.yaml", """
                resource: posts
                fields:
                  category_id: {type: foreign_key, references: categorys}
                  owner_id: {type: foreign_key, references: nowhere}
                """, "categories.yaml", CATEGORIES);

        assertThat(load.errors()).extracting(Diagnostic::toString).containsExactly(
                "posts.yaml:3:48: error: `references: categorys`: there is no resource `categorys`; did you mean `categories`?",
                "posts.yaml:4:45: error: `references: nowhere`: there is no resource `nowhere` (the resources are categories, posts, users)");
        assertThat(load.model().resource("categories")).isPresent();
        assertThat(load.model().resource("posts")).isEmpty();
    }

    @Test
    void users_is_always_a_valid_reference_because_a_built_in_account_table_exists() {
        var load = load("notes.yaml", """
                resource: notes
                fields:
                  owner_id: {type: foreign_key, references: users, auto_user_add: true}
                """);

        assertThat(load.diagnostics()).isEmpty();
        var notes = load.model().resource("notes").orElseThrow();
        assertThat(notes.primaryKey().name()).as("an implicit id").isEqualTo("id");
        assertThat(notes.ownerField().orElseThrow().name()).isEqualTo("owner_id");
    }

    @Test
    void a_reference_across_database_files_is_a_warning() {
        var load = load("posts.yaml", """
                resource: posts
                database: other.duckdb
                fields:
                  category_id: {type: foreign_key, references: categories}
                """, "categories.yaml", CATEGORIES);

        assertThat(load.errors()).isEmpty();
        assertThat(messages(load)).singleElement().asString().contains("warning").contains("another database file (blog.duckdb)");
    }

    @Test
    void duplicate_names_and_base_paths_and_second_account_resources_are_errors_on_the_later_file() {
        var load = load(
                "a.yaml", "resource: posts\nauth: true\nfields: {name: {type: string}}\n",
                "b.yaml", "resource: posts\nfields: {name: {type: string}}\n",
                "c.yaml", "resource: articles\nauth: true\napi: {base_path: /api/posts}\nfields: {name: {type: string}}\n");

        assertThat(load.errors()).extracting(Diagnostic::toString).containsExactly(
                "b.yaml:1:11: error: resource `posts` is already declared in a.yaml",
                "c.yaml:1:11: error: `auth: true` is already declared in a.yaml; an app has one account resource",
                "c.yaml:3:18: error: base path /api/posts is already used by a.yaml");
        assertThat(load.model().resources()).extracting(Resource::name).containsExactly("posts");
    }

    @Test
    void reserved_and_malformed_names_are_errors() {
        var load = load(
                "models.yaml", "resource: models\nfields: {name: {type: string}}\n",
                "bad.yaml", "resource: Bad-Name\nfields: {\"Title\": {type: string}}\n",
                "path.yaml", "resource: paths\napi: {base_path: /api/auth/x}\nfields: {name: {type: string}}\n");

        assertThat(load.errors()).extracting(Diagnostic::toString).containsExactly(
                "bad.yaml:1:11: error: resource name `Bad-Name` must be lower case letters, digits and _ , starting with a letter (at most 63)",
                "bad.yaml:2:10: error: field name `Title` must be lower case letters, digits and _ , starting with a letter (at most 63)",
                "models.yaml:1:11: error: `models` is reserved for DBBasic's own paths; choose another resource name",
                "path.yaml:2:18: error: base_path `/api/auth/x` collides with the built-in /api/auth");
    }

    @Test
    void missing_resource_or_fields_and_empty_files_are_errors() {
        var load = load("a.yaml", "fields: {name: {type: string}}\n", "b.yaml", "resource: b\n", "c.yaml", "# nothing\n");

        assertThat(messages(load)).containsExactly(
                "a.yaml:1:1: error: missing `resource:` (the resource's name, like `resource: posts`)",
                "b.yaml:1:1: error: missing `fields:` (at least one field, like `title: {type: string}`)",
                "c.yaml:1:1: error: the file is empty; a resource needs `resource:` and `fields:`");
    }

    @Test
    void a_key_written_twice_and_two_primary_keys_are_errors() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  id: {type: primary_key}
                  code: {type: primary_key}
                  name: {type: string}
                  name: {type: text}
                """);

        assertThat(messages(load)).containsExactly(
                "a.yaml:4:3: error: a resource has one primary_key; `id` is already it",
                "a.yaml:6:3: error: `name` is written twice (first at line 5)");
    }

    @Test
    void option_values_are_checked() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  n: {type: integer, min: 10, max: 1, default: x}
                  s: {type: string, max_length: 0, pattern: "[a-"}
                  d: {type: decimal, precision: 5, scale: 7}
                  f: {type: file, max_size: 5 parsecs}
                  r: {type: foreign_key, references: users, on_delete: set_nul, required: true}
                  q: {type: foreign_key, references: users, on_delete: set_null, required: true}
                  b: {type: boolean, default: maybe}
                  o: {type: select}
                """);

        assertThat(load.errors()).extracting(Diagnostic::message).containsExactly(
                "min 10 is above max 1",
                "`max_length` must be a whole number from 1 to 2147483647, not 0",
                "pattern is not a valid regular expression: Illegal character range",
                "scale 7 is above precision 5",
                "max_size must be a size from 1 B to 1 GB such as 500KB or 5MB, not `5 parsecs`",
                "on_delete must be restrict, cascade or set_null, not `set_nul`: did you mean `set_null`?",
                "on_delete: set_null cannot clear a required field; use restrict or cascade",
                "the default of `b` must be true or false, not `maybe`",
                "select field `o` needs `options: [...]`");
    }

    @Test
    void options_that_do_not_apply_to_the_type_are_warnings() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  n: {type: integer, max_length: 5, searchable: true}
                  f: {type: file, default: x.png}
                """);

        assertThat(load.errors()).isEmpty();
        assertThat(load.diagnostics()).extracting(Diagnostic::message).containsExactly(
                "`max_length` does not apply to integer fields (field `n`); not used",
                "`searchable` does not apply to integer fields (field `n`); not used",
                "a file field takes no default (field `f`); not used");
    }

    @Test
    void permission_rules_take_lists_roles_and_conditions() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  name: {type: string}
                permissions:
                  create: [editor, {role: writer}]
                  read: public
                  update: {condition: is_weekday}
                  delete: authenticted
                """);

        assertThat(load.errors()).isEmpty();
        assertThat(load.diagnostics()).extracting(Diagnostic::message).containsExactly(
                "condition `is_weekday` is not known to DBBasic; it never grants",
                "`authenticted` is taken as a role name; did you mean `authenticated`?");
        var rules = load.model().resource("a").orElseThrow().permissions();
        assertThat(rules.of(Operation.CREATE)).isEqualTo(new Rule.AnyOf(List.of(new Rule.Role("editor"), new Rule.Role("writer"))));
        assertThat(rules.of(Operation.UPDATE)).isEqualTo(new Rule.Condition("is_weekday"));
    }

    @Test
    void a_missing_permissions_block_means_authenticated_for_everything() {
        var load = load("a.yaml", "resource: a\nfields: {name: {type: string}}\n");

        var rules = load.model().resource("a").orElseThrow().permissions();
        assertThat(rules.rules().values()).containsOnly(Rule.AUTHENTICATED);
    }

    @Test
    void a_status_map_needs_the_status_field_and_its_values() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  status: {type: select, options: [draft, live]}
                permissions: {read: {draft: admin, published: public}}
                """, "b.yaml", """
                resource: b
                fields:
                  name: {type: string}
                permissions: {read: {draft: admin}}
                """);

        assertThat(load.errors()).extracting(Diagnostic::toString).containsExactly(
                "a.yaml:4:36: error: `published` is not a value of `status` [draft, live]",
                "b.yaml:4:21: error: read: a map of status values needs a select field `status`");
    }

    @Test
    void custom_endpoints_other_than_plain_gets_are_not_used_and_params_must_be_in_the_path() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  status: {type: select, options: [x, y]}
                api:
                  custom_endpoints:
                    - {path: /publish, method: POST, handler: publish_all}
                    - {path: /stats, aggregate: {count: true}}
                    - {path: "/by/{state}", filter: {status: "{other}"}}
                    - {path: /bulk}
                """);

        assertThat(load.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "a.yaml:6:7: warning: this custom endpoint is not used: it uses [handler] (DBBasic serves GET endpoints with path, filter, ordering and {param})",
                "a.yaml:7:7: warning: this custom endpoint is not used: it uses [aggregate] (DBBasic serves GET endpoints with path, filter, ordering and {param})",
                "a.yaml:8:46: error: `{other}` is not in the endpoint path `/by/{state}`",
                "a.yaml:9:14: error: custom endpoint path `/bulk` collides with the resource's own routes ({id}, bulk, export, import, aggregate)");
    }

    @Test
    void workflow_states_and_transitions_must_be_options_of_its_field() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  stage: {type: select, options: [todo, doing, done]}
                workflow:
                  field: stage
                  states:
                    todo: {transitions: [doing, dnoe]}
                    doing: {transitions: [done]}
                    done: {}
                """);

        assertThat(messages(load)).containsExactly("a.yaml:7:25: error: `dnoe` is not one of the options [todo, doing, done]: did you mean `done`?");
    }

    @Test
    void renamed_from_must_not_name_a_field_that_is_still_declared() {
        var load = load("a.yaml", """
                resource: a
                fields:
                  title: {type: string, renamed_from: name}
                  name: {type: string}
                """);

        assertThat(messages(load)).containsExactly("a.yaml:3:3: error: `title` is renamed_from `name`, but `name` is still declared");
    }

    @Test
    void loads_an_app_folder_recursively_skipping_hidden_files(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("blog/.backup"));
        Files.writeString(dir.resolve("blog/categories.yaml"), CATEGORIES);
        Files.writeString(dir.resolve("blog/.backup/categories.yaml"), CATEGORIES);
        Files.writeString(dir.resolve("blog/.#categories.yaml"), "junk: [");
        Files.writeString(dir.resolve("notes.yml"), "resource: notes\nfields: {body: {type: text}}\n");
        Files.write(dir.resolve("latin1.yaml"), "resource: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        var load = loader.loadApp(dir);

        assertThat(load.files()).extracting(f -> dir.relativize(f.file()).toString())
                .containsExactly("blog/categories.yaml", "latin1.yaml", "notes.yml");
        assertThat(load.model().resources()).extracting(Resource::name).containsExactly("categories", "notes");
        assertThat(load.errors()).extracting(Diagnostic::message).containsExactly("the file is not UTF-8 text");
    }

    @Test
    void an_oversized_or_deeply_nested_file_is_refused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("big.yaml"), "resource: big\nfields: {a: {type: string}}\n#" + "x".repeat(2_000_000) + "\n");
        Files.writeString(dir.resolve("deep.yaml"), "resource: deep\nfields: {a: {type: json, default: " + "[".repeat(60) + "]".repeat(60) + "}}\n");

        var load = loader.loadApp(dir);

        assertThat(load.errors()).extracting(Diagnostic::message).satisfiesExactly(
                big -> assertThat(big).contains("larger than 1024 KB"),
                deep -> assertThat(deep).containsIgnoringCase("nesting"));
    }
}
