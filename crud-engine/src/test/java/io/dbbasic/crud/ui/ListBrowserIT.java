package io.dbbasic.crud.ui;

import static io.dbbasic.crud.ui.UiFixtures.NOTES;
import static io.dbbasic.crud.ui.UiFixtures.SCREENSHOTS;
import static io.dbbasic.crud.ui.UiFixtures.all;
import static io.dbbasic.crud.ui.UiFixtures.awaitLive;
import static io.dbbasic.crud.ui.UiFixtures.find;
import static io.dbbasic.crud.ui.UiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.NoAlertPresentException;

/** The list page in headless Chromium: columns and badges from the YAML, live updates, and stored XSS kept inert. */
class ListBrowserIT {
    /** CONTRACT: a record created anywhere shows in an open list within 2 s. */
    static final Duration LIVE = Duration.ofSeconds(2);

    @TempDir Path dir;

    @Test
    void records_created_changed_and_deleted_through_the_api_show_in_the_open_list_within_two_seconds() {
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            app.logIn(browser);
            app.api("POST", "/api/notes", "{\"title\":\"seeded\",\"priority\":\"high\"}");
            browser.open(app.url("/ui/notes"));
            assertThat(all(browser, "#records thead th").stream().map(e -> e.getText()).toList()).contains("Title", "Priority");
            assertThat(find(browser, "#records tbody tr .badge").getAttribute("class")).contains("badge", "text-bg-danger");
            awaitLive(browser);

            var id = app.api("POST", "/api/notes", "{\"title\":\"arrived live\"}").get("id").asLong();
            browser.await("the new record is listed", LIVE, d -> text(browser, "#records tbody").contains("arrived live"));
            assertThat(text(browser, "#total")).contains("of 2 records");
            browser.screenshot(SCREENSHOTS.resolve("list.png"));

            app.api("PATCH", "/api/notes/" + id, "{\"title\":\"changed live\"}");
            browser.await("the change is listed", LIVE, d -> text(browser, "#records tbody").contains("changed live"));
            app.api("DELETE", "/api/notes/" + id, null);
            browser.await("the deleted record is gone", LIVE, d -> !text(browser, "#records tbody").contains("changed live"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void a_filtered_list_shows_only_the_live_records_its_filter_selects() {
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            app.logIn(browser);
            browser.open(app.url("/ui/notes?priority=high"));
            assertThat(find(browser, "#filter-priority").getAttribute("value")).isEqualTo("high");
            awaitLive(browser);
            app.api("POST", "/api/notes", "{\"title\":\"quiet one\",\"priority\":\"low\"}");
            app.api("POST", "/api/notes", "{\"title\":\"loud one\",\"priority\":\"high\"}");
            browser.await("the matching record is listed", LIVE, d -> text(browser, "#records tbody").contains("loud one"));
            assertThat(text(browser, "#records tbody")).doesNotContain("quiet one");
            assertThat(text(browser, "#total")).contains("of 1 records");
        }
    }

    @Test
    void search_sorting_and_pages_follow_the_yaml() {
        var notes = NOTES.replace("interface: {list_display: [title, priority], list_filters: [priority]}",
                "interface: {list_display: [title, priority], list_filters: [priority], per_page: 2, ordering: [title]}");
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", notes)); var browser = Browser.start()) {
            app.logIn(browser);
            for (var title : new String[] {"cherry", "apple", "banana"}) {
                app.api("POST", "/api/notes", "{\"title\":\"" + title + "\"}");
            }
            browser.open(app.url("/ui/notes"));
            assertThat(rowTitles(browser)).containsExactly("apple", "banana");
            assertThat(text(browser, "#total")).isEqualTo("1–2 of 3 records");
            find(browser, "a[aria-label='Next page']").click();
            browser.await("page 2", d -> rowTitles(browser).equals(java.util.List.of("cherry")));
            find(browser, "a.sort-link[data-field=title]").click();
            browser.await("sorted by title, descending", d -> rowTitles(browser).equals(java.util.List.of("cherry", "banana")));
            assertThat(find(browser, "#records thead th[aria-sort=descending]").getText()).contains("Title");
            find(browser, "#search-q").sendKeys("nan\n");
            browser.await("the search result", d -> rowTitles(browser).equals(java.util.List.of("banana")));
            assertThat(find(browser, "#export-csv").getAttribute("href")).contains("/api/notes/export/csv").contains("q=nan");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void an_xss_payload_in_a_title_shows_as_text_on_every_page_and_runs_nothing() {
        var payload = "<img src=x onerror=\"window.pwned=1;alert(1)\"><script>window.pwned=2</script>";
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            app.logIn(browser);
            var id = app.api("POST", "/api/notes", "{\"title\":" + io.dbbasic.common.json.Json.newMapper().valueToTree(payload) + "}").get("id").asLong();
            for (var page : new String[] {"/ui/notes", "/ui/notes/" + id, "/ui/notes/" + id + "/edit", "/ui/notes/" + id + "/delete", "/"}) {
                browser.open(app.url(page));
                assertThat(browser.script("return window.pwned === undefined")).as(page).isEqualTo(true);
                assertThat(noAlert(browser)).as("no alert on " + page).isTrue();
                assertThat(browser.script("return document.querySelectorAll('img[src=x], main script').length")).as(page).isEqualTo(0L);
                assertThat(browser.consoleErrors()).as(page).isEmpty();
            }
            browser.open(app.url("/ui/notes"));
            assertThat(text(browser, "#records tbody")).contains(payload);
            browser.open(app.url("/ui/notes/" + id + "/edit"));
            assertThat(find(browser, "input[name=title]").getAttribute("value")).isEqualTo(payload);
        }
    }

    private static java.util.List<String> rowTitles(Browser browser) {
        return all(browser, "#records tbody tr[data-id] td:nth-child(3)").stream().map(e -> e.getText()).toList();
    }

    private static boolean noAlert(Browser browser) {
        try {
            browser.driver().switchTo().alert();
            return false;
        } catch (NoAlertPresentException e) {
            return true;
        }
    }
}
