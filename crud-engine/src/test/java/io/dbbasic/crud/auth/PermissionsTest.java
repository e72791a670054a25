package io.dbbasic.crud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The permission rules of CONTRACT §9 on the blog template: posts
 * {@code {create: authenticated, read: {published: public, archived: authenticated, draft: owner_or_admin},
 * update: owner_or_admin, delete: [admin, editor]}}, public categories, and users (the account resource).
 */
class PermissionsTest {
    private static final String EXTRA = """
            resource: notes
            fields:
              id: {type: primary_key}
              text: {type: string}
            """;
    private static final String LOCKED = """
            resource: vault
            fields:
              id: {type: primary_key}
              text: {type: string}
            permissions:
              create: editor
              read: [{condition: is_weekend}]
              update: admin
              delete: admin
            """;
    @TempDir static Path root;
    private static BlogApp blog;
    private static String admin;
    private static String alice;
    private static String bob;
    private static String editor;
    private static long category;
    private static long aliceDraft;
    private static long alicePublished;
    private static long aliceArchived;

    @BeforeAll
    static void start() {
        blog = BlogApp.start(root, Map.of("notes.yaml", EXTRA, "vault.yaml", LOCKED), Map.of());
        admin = blog.admin();
        alice = blog.user("alice");
        bob = blog.user("bob");
        editor = blog.user("edna", "user", "editor");
        category = created(blog.as(admin, "POST", "/api/categories", "{\"name\":\"General\",\"slug\":\"general\"}")).get("id").asLong();
        aliceDraft = post(alice, "alice-draft");
        alicePublished = post(alice, "alice-published");
        aliceArchived = post(alice, "alice-archived");
        assertThat(blog.as(alice, "PATCH", "/api/posts/" + alicePublished, "{\"status\":\"published\"}").status()).isEqualTo(200);
        assertThat(blog.as(alice, "PATCH", "/api/posts/" + aliceArchived, "{\"status\":\"published\"}").status()).isEqualTo(200);
        assertThat(blog.as(alice, "PATCH", "/api/posts/" + aliceArchived, "{\"status\":\"archived\"}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        blog.close();
    }

    private static JsonNode created(BlogApp.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.body();
    }

    private static long post(String token, String slug) {
        return created(blog.as(token, "POST", "/api/posts",
                "{\"title\":\"" + slug + "\",\"slug\":\"" + slug + "\",\"content\":\"body\",\"category_id\":" + category + "}")).get("id").asLong();
    }

    private static ArrayList<String> titles(String token, String query) {
        var reply = blog.as(token, "GET", "/api/posts?limit=1000" + query, null);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        var titles = new ArrayList<String>();
        reply.body().get("records").forEach(r -> titles.add(r.get("title").asText()));
        assertThat(reply.body().get("total").asLong()).as("total counts only readable records").isEqualTo(titles.size());
        return titles;
    }

    @Test
    void the_owner_field_takes_the_creators_account() {
        var record = blog.as(alice, "GET", "/api/posts/" + aliceDraft, null).body();

        assertThat(record.get("author_id").asLong()).isEqualTo(blog.id(alice));
        assertThat(record.get("updated_by").asLong()).isEqualTo(blog.id(alice));
    }

    @Test
    void anonymous_readers_see_published_posts_only_and_the_total_agrees() {
        assertThat(titles(null, "")).contains("alice-published").doesNotContain("alice-draft", "alice-archived");
        assertThat(titles(null, "&status=draft")).isEmpty();
    }

    @Test
    void signed_in_readers_also_see_archived_posts_and_their_own_drafts() {
        assertThat(titles(alice, "")).contains("alice-draft", "alice-published", "alice-archived");
        assertThat(titles(bob, "")).contains("alice-published", "alice-archived").doesNotContain("alice-draft");
        assertThat(titles(admin, "")).contains("alice-draft", "alice-published", "alice-archived");
        assertThat(titles(bob, "&q=alice")).doesNotContain("alice-draft");
    }

    @Test
    void a_record_the_caller_may_not_read_is_not_found() {
        assertThat(blog.as(bob, "GET", "/api/posts/" + aliceDraft, null).status()).isEqualTo(404);
        assertThat(blog.as(null, "GET", "/api/posts/" + aliceDraft, null).status()).isEqualTo(404);
        assertThat(blog.as(null, "GET", "/api/posts/" + alicePublished, null).status()).isEqualTo(200);
        assertThat(blog.as(alice, "GET", "/api/posts/" + aliceDraft, null).status()).isEqualTo(200);
        assertThat(blog.as(null, "GET", "/api/posts/published", null).body().toString()).doesNotContain("alice-draft");
    }

    @Test
    void anonymous_callers_cannot_create_and_hear_how_to_log_in() {
        var reply = blog.as(null, "POST", "/api/posts", "{\"title\":\"x\"}");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("detail").asText()).contains("/api/auth/login");
    }

    @Test
    void only_the_owner_or_an_admin_updates_a_post() {
        assertThat(blog.as(bob, "PATCH", "/api/posts/" + aliceDraft, "{\"title\":\"pwned\"}").status()).isEqualTo(404);
        assertThat(blog.as(bob, "PATCH", "/api/posts/" + alicePublished, "{\"title\":\"pwned\"}").status()).isEqualTo(403);
        assertThat(blog.as(null, "PATCH", "/api/posts/" + alicePublished, "{\"title\":\"pwned\"}").status()).isEqualTo(401);
        assertThat(blog.as(admin, "PATCH", "/api/posts/" + aliceDraft, "{\"content\":\"edited by admin\"}").status()).isEqualTo(200);
        assertThat(blog.as(alice, "PATCH", "/api/posts/" + aliceDraft, "{\"content\":\"edited by alice\"}").status()).isEqualTo(200);
        assertThat(blog.as(bob, "PATCH", "/api/posts/bulk", "[{\"id\":" + alicePublished + ",\"title\":\"pwned\"}]").status()).isEqualTo(403);
    }

    @Test
    void only_admins_and_editors_delete_posts() {
        var doomed = post(alice, "doomed");
        var spared = post(alice, "spared");
        blog.as(alice, "PATCH", "/api/posts/" + spared, "{\"status\":\"published\"}");

        assertThat(blog.as(alice, "DELETE", "/api/posts/" + doomed, null).status()).as("the owner is no editor").isEqualTo(403);
        assertThat(blog.as(bob, "DELETE", "/api/posts/bulk", "[" + spared + "]").status()).isEqualTo(403);
        assertThat(blog.as(editor, "DELETE", "/api/posts/" + spared, null).status()).isEqualTo(204);
        assertThat(blog.as(admin, "DELETE", "/api/posts/" + doomed, null).status()).isEqualTo(204);
    }

    @Test
    void only_an_admin_may_name_another_account_as_owner() {
        var bobId = blog.id(bob);
        var body = "{\"title\":\"ghost\",\"slug\":\"ghost-%s\",\"content\":\"x\",\"author_id\":%d}";

        assertThat(blog.as(alice, "POST", "/api/posts", body.formatted("a", bobId)).status()).isEqualTo(422);
        assertThat(blog.as(alice, "PATCH", "/api/posts/" + aliceDraft, "{\"author_id\":" + bobId + "}").status()).isEqualTo(422);
        assertThat(blog.as(alice, "POST", "/api/posts", body.formatted("b", blog.id(alice))).status()).isEqualTo(201);
        assertThat(created(blog.as(admin, "POST", "/api/posts", body.formatted("c", bobId))).get("author_id").asLong()).isEqualTo(bobId);
    }

    @Test
    void category_rules_are_public_read_and_admin_write() {
        assertThat(blog.as(null, "GET", "/api/categories", null).status()).isEqualTo(200);
        assertThat(blog.as(alice, "POST", "/api/categories", "{\"name\":\"Mine\",\"slug\":\"mine\"}").status()).isEqualTo(403);
    }

    @Test
    void accounts_own_their_profile_and_never_show_their_system_fields() {
        var aliceId = blog.id(alice);
        assertThat(blog.as(null, "GET", "/api/users", null).status()).isEqualTo(401);
        assertThat(blog.as(alice, "PATCH", "/api/users/" + aliceId, "{\"display_name\":\"Alice A\"}").status()).isEqualTo(200);
        assertThat(blog.as(bob, "PATCH", "/api/users/" + aliceId, "{\"display_name\":\"Pwned\"}").status()).isEqualTo(403);
        assertThat(blog.as(alice, "PATCH", "/api/users/" + aliceId, "{\"auth_roles\":\"admin\"}").status()).isEqualTo(422);

        var all = blog.as(admin, "GET", "/api/users?limit=1000", null).raw().body();
        assertThat(all).contains("Alice A").doesNotContain("auth_", "argon2", "password");
        assertThat(blog.as(null, "GET", "/api/posts/" + alicePublished + "?expand=author_id", null).body().at("/_expand/author_id").isNull())
                .as("a linked record is expanded only for callers who may read it").isTrue();
        assertThat(blog.as(bob, "GET", "/api/posts/" + alicePublished + "?expand=author_id", null).body().at("/_expand/author_id/display_name").asText())
                .isEqualTo("Alice A");
    }

    @Test
    void a_resource_without_permissions_needs_an_account_for_everything() {
        assertThat(blog.as(null, "GET", "/api/notes", null).status()).isEqualTo(401);
        assertThat(blog.as(null, "POST", "/api/notes", "{\"text\":\"x\"}").status()).isEqualTo(401);
        var id = created(blog.as(bob, "POST", "/api/notes", "{\"text\":\"x\"}")).get("id").asLong();
        assertThat(blog.as(alice, "PATCH", "/api/notes/" + id, "{\"text\":\"y\"}").status()).isEqualTo(200);
        assertThat(blog.as(alice, "DELETE", "/api/notes/" + id, null).status()).isEqualTo(204);
    }

    @Test
    void conditions_never_grant_and_a_role_rule_needs_that_role() {
        assertThat(blog.as(admin, "GET", "/api/vault", null).status()).isEqualTo(403);
        assertThat(blog.as(admin, "POST", "/api/vault", "{\"text\":\"x\"}").status()).as("admin is not an editor").isEqualTo(403);
        assertThat(blog.as(editor, "POST", "/api/vault", "{\"text\":\"x\"}").status()).isEqualTo(201);
    }

    @Test
    void the_models_api_needs_an_account_and_counts_only_readable_records() {
        assertThat(blog.as(null, "GET", "/api/models", null).status()).isEqualTo(401);
        var posts = new ArrayList<JsonNode>();
        blog.as(bob, "GET", "/api/models", null).body().get("resources").forEach(r -> {
            if (r.get("resource").asText().equals("posts")) {
                posts.add(r);
            }
        });
        assertThat(posts.get(0).get("record_count").asLong()).isEqualTo(titles(bob, "").size());
    }
}
