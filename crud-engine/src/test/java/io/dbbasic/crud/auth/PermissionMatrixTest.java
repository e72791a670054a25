package io.dbbasic.crud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §9's permission matrix over real HTTP: every rule form, as create, read, update, delete,
 * list and export, for an anonymous client, the record's owner, another user, an admin and an editor.
 * Each resource holds two records of alice's, a draft and a published one; read, update and delete act
 * on the draft. A cell is the HTTP status, or {@code #n} for a list or export of n records (and, for the
 * list, a {@code total} of n). A delete is sent with an {@code If-Match} that cannot match, so an
 * allowed delete answers 412 and the records stay for the next caller.
 */
class PermissionMatrixTest {
    enum Who { ANONYMOUS, OWNER, OTHER, ADMIN, EDITOR }

    /** One rule form: the {@code permissions} block (all four operations), and the expected cells, in {@link Who} order. */
    record Row(String resource, String permissions, String create, String read, String update, String delete, String list) {}

    /** Admin seeds the records under a rule unlike every rule under test, so the switch shows in {@code /api/models}. */
    private static final String SEEDING = "permissions: {create: [admin, seeder], read: [admin, seeder], update: [admin, seeder], delete: [admin, seeder]}";
    private static final List<Row> MATRIX = List.of(
            row("m_public", "public",
                    "201 201 201 201 201", "200 200 200 200 200", "200 200 200 200 200", "412 412 412 412 412", "#2 #2 #2 #2 #2"),
            row("m_authenticated", "authenticated",
                    "401 201 201 201 201", "401 200 200 200 200", "401 200 200 200 200", "401 412 412 412 412", "401 #2 #2 #2 #2"),
            new Row("m_missing", "",   // no permissions block: authenticated for every operation
                    "401 201 201 201 201", "401 200 200 200 200", "401 200 200 200 200", "401 412 412 412 412", "401 #2 #2 #2 #2"),
            row("m_owner", "owner",   // the creator owns a new record, so any account may create; admins are not owners
                    "401 201 201 201 201", "401 200 404 404 404", "401 200 404 404 404", "401 412 404 404 404", "401 #2 #0 #0 #0"),
            row("m_owner_or_admin", "owner_or_admin",
                    "401 201 201 201 201", "401 200 404 200 404", "401 200 404 200 404", "401 412 404 412 404", "401 #2 #0 #2 #0"),
            row("m_admin", "admin",
                    "401 403 403 201 403", "401 403 403 200 403", "401 403 403 200 403", "401 403 403 412 403", "401 403 403 #2 403"),
            row("m_admin_only", "admin_only",
                    "401 403 403 201 403", "401 403 403 200 403", "401 403 403 200 403", "401 403 403 412 403", "401 403 403 #2 403"),
            row("m_role", "editor",   // a role rule needs that role; admin does not imply it
                    "401 403 403 403 201", "401 403 403 403 200", "401 403 403 403 200", "401 403 403 403 412", "401 403 403 403 #2"),
            row("m_roles", "[editor, admin]",
                    "401 403 403 201 201", "401 403 403 200 200", "401 403 403 200 200", "401 403 403 412 412", "401 403 403 #2 #2"),
            row("m_status", "{published: public, draft: owner_or_admin}",   // creates are drafts
                    "401 201 201 201 201", "404 200 404 200 404", "404 200 404 200 404", "404 412 404 412 404", "#1 #2 #1 #2 #1"),
            row("m_entries", "[{role: editor}, {condition: weekdays_only}]",   // a condition never grants
                    "401 403 403 403 201", "401 403 403 403 200", "401 403 403 403 200", "401 403 403 403 412", "401 403 403 403 #2"),
            // the blog template's own rules: create authenticated; read {published: public, archived: authenticated,
            // draft: owner_or_admin}; update owner_or_admin; delete [admin, editor]. Drafts are invisible to others.
            new Row("posts", null,
                    "401 201 201 201 201", "404 200 404 200 404", "404 200 404 200 404", "404 403 404 412 404", "#1 #2 #1 #2 #1"));

    @TempDir static Path root;
    private static BlogApp blog;
    private static final Map<Who, String> tokens = new EnumMap<>(Who.class);
    private static final Map<String, Long> drafts = new LinkedHashMap<>();

    private static Row row(String resource, String rule, String create, String read, String update, String delete, String list) {
        return new Row(resource, "permissions: {create: " + rule + ", read: " + rule + ", update: " + rule + ", delete: " + rule + "}",
                create, read, update, delete, list);
    }

    private static String yaml(String resource, String permissions) {
        return """
                resource: %s
                fields:
                  id: {type: primary_key}
                  title: {type: string, required: true}
                  status: {type: select, options: [draft, published], default: draft}
                  owner_id: {type: foreign_key, references: users, ui: {default_current_user: true}}
                api: {enable_export: true}
                %s
                """.formatted(resource, permissions);
    }

    /** Seeds every resource under admin-only rules, then switches each to the rule under test (a live reload). */
    @BeforeAll
    static void start() {
        var files = new LinkedHashMap<String, String>();
        MATRIX.stream().filter(r -> r.permissions() != null).forEach(r -> files.put(r.resource() + ".yaml", yaml(r.resource(), SEEDING)));
        blog = BlogApp.start(root, files, Map.of());
        tokens.put(Who.ADMIN, blog.admin());
        tokens.put(Who.OWNER, blog.user("alice"));
        tokens.put(Who.OTHER, blog.user("bob"));
        tokens.put(Who.EDITOR, blog.user("edna", "user", "editor"));
        var alice = blog.id(tokens.get(Who.OWNER));
        for (var row : MATRIX) {
            if (row.permissions() == null) {
                drafts.put(row.resource(), seedPost(tokens.get(Who.OWNER), "alice-draft"));
                var published = seedPost(tokens.get(Who.OWNER), "alice-published");
                assertThat(blog.as(tokens.get(Who.OWNER), "PATCH", "/api/posts/" + published, "{\"status\":\"published\"}").status()).isEqualTo(200);
            } else {
                var body = "{\"title\":\"alice-%s\",\"status\":\"%s\",\"owner_id\":" + alice + "}";
                drafts.put(row.resource(), created(blog.as(tokens.get(Who.ADMIN), "POST", "/api/" + row.resource(), body.formatted("draft", "draft"))));
                created(blog.as(tokens.get(Who.ADMIN), "POST", "/api/" + row.resource(), body.formatted("published", "published")));
            }
        }
        var seeded = permissions();
        MATRIX.stream().filter(r -> r.permissions() != null).forEach(r -> write(r.resource() + ".yaml", yaml(r.resource(), r.permissions())));
        Await.until("every resource serves its rule under test", Duration.ofSeconds(20), () -> {
            var now = permissions();
            return MATRIX.stream().filter(r -> r.permissions() != null).noneMatch(r -> now.get(r.resource()).equals(seeded.get(r.resource())));
        });
    }

    @AfterAll
    static void stop() {
        blog.close();
    }

    @Test
    void every_rule_form_gives_the_documented_answer_to_every_caller_and_operation() {
        var softly = new SoftAssertions();
        for (var row : MATRIX) {
            var base = "/api/" + row.resource();
            var draft = base + "/" + drafts.get(row.resource());
            for (var who : Who.values()) {
                var token = tokens.get(who);
                var cell = row.resource() + " × " + who;
                softly.assertThat(status(blog.as(token, "GET", draft, null))).as(cell + " read").isEqualTo(expected(row.read(), who));
                softly.assertThat(list(token, base)).as(cell + " list").isEqualTo(expected(row.list(), who));
                softly.assertThat(export(token, base)).as(cell + " export").isEqualTo(expected(row.list(), who));
                softly.assertThat(status(blog.as(token, "PATCH", draft, "{\"title\":\"alice-draft, changed by " + who + "\"}"))).as(cell + " update")
                        .isEqualTo(expected(row.update(), who));
                softly.assertThat(status(blog.as(token, "DELETE", draft, null, "If-Match", "\"not-this-version\""))).as(cell + " delete")
                        .isEqualTo(expected(row.delete(), who));
                softly.assertThat(status(blog.as(token, "POST", base, createBody(row, who)))).as(cell + " create")
                        .isEqualTo(expected(row.create(), who));
            }
        }
        softly.assertAll();
    }

    @Test
    void the_blog_posts_drafts_stay_out_of_others_lists_exports_and_totals() {
        for (var who : List.of(Who.ANONYMOUS, Who.OTHER, Who.EDITOR)) {
            var reply = blog.as(tokens.get(who), "GET", "/api/posts?limit=1000&q=alice", null);
            assertThat(reply.raw().body()).as(who.name()).contains("alice-published").doesNotContain("alice-draft");
            assertThat(reply.body().get("total").asLong()).as(who + ": total counts what the caller may see").isEqualTo(1);
            assertThat(blog.as(tokens.get(who), "GET", "/api/posts/export/csv?q=alice", null).raw().body()).doesNotContain("alice-draft");
            assertThat(blog.as(tokens.get(who), "GET", "/api/posts/aggregate?group_by=status&metrics=count&q=alice", null).raw().body())
                    .as("aggregates count only readable records").doesNotContain("draft");
        }
        assertThat(blog.as(tokens.get(Who.OWNER), "GET", "/api/posts?limit=1000&q=alice", null).body().get("total").asLong()).isEqualTo(2);
    }

    private static String createBody(Row row, Who who) {
        var title = "new-by-" + who.name().toLowerCase() + "-" + row.resource().replace('_', '-');
        return row.permissions() == null
                ? "{\"title\":\"" + title + "\",\"slug\":\"" + title + "\",\"content\":\"body\"}"
                : "{\"title\":\"" + title + "\"}";
    }

    private static String expected(String cells, Who who) {
        return cells.split(" ")[who.ordinal()];
    }

    private static String status(BlogApp.Reply reply) {
        return Integer.toString(reply.status());
    }

    /** {@code #n} when the list answers 200 with n records and a total of n, else the status (or the mismatch). */
    private static String list(String token, String base) {
        var reply = blog.as(token, "GET", base + "?limit=1000&title[startswith]=alice-", null);
        if (reply.status() != 200) {
            return status(reply);
        }
        var count = reply.body().get("records").size();
        var total = reply.body().get("total").asLong();
        return total == count ? "#" + count : "#" + count + " but total " + total;
    }

    private static String export(String token, String base) {
        var reply = blog.as(token, "GET", base + "/export/csv?title[startswith]=alice-", null);
        return reply.status() != 200 ? status(reply) : "#" + (reply.raw().body().lines().count() - 1);
    }

    private static long seedPost(String token, String slug) {
        return created(blog.as(token, "POST", "/api/posts", "{\"title\":\"" + slug + "\",\"slug\":\"" + slug + "\",\"content\":\"body\"}"));
    }

    private static long created(BlogApp.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private static Map<String, String> permissions() {
        var models = blog.as(tokens.get(Who.ADMIN), "GET", "/api/models", null).body();
        var byResource = new LinkedHashMap<String, String>();
        models.get("resources").forEach(r -> byResource.put(r.get("resource").asText(), r.get("permissions").toString()));
        return byResource;
    }

    private static void write(String file, String text) {
        try {
            Files.writeString(blog.appDir.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
