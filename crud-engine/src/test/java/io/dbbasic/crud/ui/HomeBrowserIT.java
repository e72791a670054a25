package io.dbbasic.crud.ui;

import static io.dbbasic.crud.ui.UiFixtures.NOTES;
import static io.dbbasic.crud.ui.UiFixtures.find;
import static io.dbbasic.crud.ui.UiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Await;
import io.dbbasic.testing.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin home in headless Chromium: resources with counts, the YAML error banner, the template gallery. */
class HomeBrowserIT {
    @TempDir Path dir;

    @Test
    void lists_each_resource_with_its_count_and_shows_a_broken_file_with_its_place_and_message() {
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            app.logIn(browser);
            app.api("POST", "/api/notes", "{\"title\":\"one\"}");
            app.api("POST", "/api/notes", "{\"title\":\"two\"}");
            app.write("broken.yaml", "resource: broken\nfields:\n  title: {type: strng}\n");
            Await.until("the broken file is reported", Duration.ofSeconds(10),
                    () -> app.api("GET", "/api/models", null).get("errors").size() > 0);
            browser.open(app.url("/"));
            assertThat(text(browser, ".resource-card[data-resource=notes] .record-count")).isEqualTo("2 records");
            assertThat(find(browser, ".resource-card[data-resource=notes] a[href='/ui/notes']").isDisplayed()).isTrue();
            assertThat(text(browser, "#yaml-errors")).contains("broken.yaml:3:").contains("strng");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void deploys_a_template_in_one_click_and_refuses_one_that_would_collide() throws Exception {
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            app.logIn(browser);
            browser.open(app.url("/"));
            assertThat(text(browser, ".template-card[data-template=blog]")).contains("posts");
            find(browser, ".template-card[data-template=blog] button[type=submit]").click();
            browser.await("the deploy is confirmed", d -> d.getCurrentUrl().contains("notice=deployed"));
            assertThat(app.appDir.resolve("blog/posts.yaml")).exists();
            assertThat(app.appDir.resolve("blog/seed")).doesNotExist();
            Await.until("the blog's resources are served", Duration.ofSeconds(10),
                    () -> app.status("GET", "/api/posts") == 200);

            browser.open(app.url("/"));
            assertThat(text(browser, ".template-card[data-template=blog]")).contains("Cannot deploy: the app already has a folder called blog");
            find(browser, ".template-card[data-template=blog] button[type=submit]").click();
            browser.await("the refusal", d -> !UiFixtures.all(browser, "#problem-detail").isEmpty());
            assertThat(text(browser, "#problem-detail")).isEqualTo("the app already has a folder called blog; nothing was copied");
        }
    }

    @Test
    void a_template_whose_resource_names_the_app_already_uses_is_refused_and_nothing_is_copied() throws Exception {
        var posts = "resource: posts\nfields:\n  id: {type: primary_key}\n  title: {type: string}\n";
        try (var app = AdminApp.start(dir, Map.of("my-posts.yaml", posts)); var browser = Browser.start()) {
            app.logIn(browser);
            browser.open(app.url("/"));
            find(browser, ".template-card[data-template=blog] button[type=submit]").click();
            browser.await("the refusal", d -> !UiFixtures.all(browser, "#problem-detail").isEmpty());
            assertThat(text(browser, "#problem-detail")).contains("the app already has a resource called posts").contains("nothing was copied");
            try (var files = Files.list(app.appDir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("my-posts.yaml");
            }
        }
    }
}
