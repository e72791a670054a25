package io.dbbasic.ai.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.ai.TestApps;
import io.dbbasic.testing.RunningApp;
import io.dbbasic.testing.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages over HTTP: list, missing hooks from the app's YAML, describe form, service editor, escaping. */
class PagesTest {
    @TempDir
    static Path dir;
    private static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        var app1 = Files.createDirectories(dir.resolve("app"));
        var blog = Stack.repositoryRoot().resolve("templates/blog");
        for (var name : new String[] {"posts.yaml", "users.yaml", "categories.yaml"}) {
            Files.copy(blog.resolve(name), app1.resolve(name));
        }
        var services = Files.createDirectories(dir.resolve("services"));
        var shipped = Stack.repositoryRoot().resolve("services");
        Files.copy(shipped.resolve("generate_slug_from_title.java"), services.resolve("generate_slug_from_title.java"));
        Files.writeString(services.resolve("generate_slug_from_title.yaml"),
                Files.readString(shipped.resolve("generate_slug_from_title.yaml")).replaceFirst("description: >-\\n[^\\n]*\\n[^\\n]*\\n",
                        "description: \"Makes <script>alert(1)</script> slugs\"\n"));
        app = TestApps.start(dir);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void lists_services_with_status_users_and_the_missing_hooks() {
        var page = app.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"dbbasic-topbar\"").contains("data-service=\"generate_slug_from_title\"")
                .contains("posts.before_create").contains(">active<");
        assertThat(page.body()).contains("id=\"missing-hooks\"").contains("<code>extract_excerpt_if_empty</code>")
                .contains("/describe?name=notify_subscribers&amp;resource=posts&amp;event=after_create");
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void the_describe_page_offers_resources_events_and_fields() {
        var page = app.get("/describe?name=notify_subscribers&resource=posts&event=after_create");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"notify_subscribers\"").contains("<option value=\"posts\" selected=\"selected\">posts</option>")
                .contains("<option value=\"after_create\" selected=\"selected\">after_create</option>").contains("title (string)");
    }

    @Test
    void the_service_page_shows_code_tests_and_actions() {
        var page = app.get("/services/generate_slug_from_title");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"activate\"").contains("id=\"run-tests\"").contains("class GenerateSlugFromTitle")
                .doesNotContain("<script>alert(1)</script>");
        assertThat(app.get("/services/nothing_here").statusCode()).isEqualTo(404);
    }
}
