package io.dbbasic.crud.ui;

import static io.dbbasic.crud.ui.UiFixtures.NOTES;
import static io.dbbasic.crud.ui.UiFixtures.SCREENSHOTS;
import static io.dbbasic.crud.ui.UiFixtures.find;
import static io.dbbasic.crud.ui.UiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Browser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Create, edit and delete through the admin UI's forms, in headless Chromium. */
class FormsBrowserIT {
    @TempDir Path dir;

    @Test
    void after_logging_in_a_missing_required_field_is_shown_inline_with_the_other_values_kept_and_the_corrected_form_creates_the_record() {
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            UiFixtures.openAfterLoggingIn(browser, app, "/ui/notes/new");
            assertThat(text(browser, "#signed-in-as")).isEqualTo("admin");
            assertThat(find(browser, "input[name=title]").getAttribute("required")).isNotNull();
            assertThat(find(browser, "input[name=title]").getAttribute("placeholder")).isEqualTo("What is it about?");
            find(browser, "textarea[name=body]").sendKeys("kept body text");
            browser.script("document.querySelector('select[name=priority]').value = 'high'");
            browser.screenshot(SCREENSHOTS.resolve("form-new.png"));

            // the browser would stop an empty required field itself: switch that off to see what the server says
            browser.script("var f = document.getElementById('record-form'); f.noValidate = true; f.requestSubmit()");
            browser.await("the form comes back with an inline error", d -> !UiFixtures.all(browser, "#field-title-error").isEmpty());
            assertThat(text(browser, "#field-title-error")).isEqualTo("Title is required");
            assertThat(find(browser, "input[name=title]").getAttribute("class")).contains("is-invalid");
            assertThat(find(browser, "textarea[name=body]").getAttribute("value")).isEqualTo("kept body text");
            assertThat(find(browser, "select[name=priority]").getAttribute("value")).isEqualTo("high");
            assertThat(find(browser, "input[name=title]").getAttribute("aria-describedby")).contains("field-title-error");
            browser.screenshot(SCREENSHOTS.resolve("form-refused.png"));

            find(browser, "input[name=title]").sendKeys("Made in the browser");
            find(browser, "#save").click();
            browser.await("the new record's page", d -> d.getCurrentUrl().contains("notice=created"));
            assertThat(text(browser, "#record-heading")).isEqualTo("Made in the browser");
            var stored = app.api("GET", "/api/notes?title=Made%20in%20the%20browser", null);
            assertThat(stored.get("total").asInt()).isEqualTo(1);
            assertThat(stored.at("/records/0/body").asText()).isEqualTo("kept body text");
            assertThat(stored.at("/records/0/priority").asText()).isEqualTo("high");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void a_record_is_edited_then_deleted_after_confirming() {
        try (var app = AdminApp.start(dir, Map.of("notes.yaml", NOTES)); var browser = Browser.start()) {
            app.logIn(browser);
            var id = app.api("POST", "/api/notes", "{\"title\":\"first draft\",\"body\":\"text\"}").get("id").asLong();
            browser.open(app.url("/ui/notes/" + id));
            find(browser, "#edit-record").click();
            browser.await("the edit form", d -> d.getCurrentUrl().endsWith("/edit"));
            var title = find(browser, "input[name=title]");
            assertThat(title.getAttribute("value")).isEqualTo("first draft");
            title.clear();
            title.sendKeys("second draft");
            find(browser, "#save").click();
            browser.await("the saved record's page", d -> d.getCurrentUrl().contains("notice=saved"));
            assertThat(text(browser, "#record-heading")).isEqualTo("second draft");
            assertThat(app.api("GET", "/api/notes/" + id, null).get("body").asText()).isEqualTo("text");

            find(browser, "#delete-record").click();
            browser.await("the confirmation page", d -> d.getCurrentUrl().endsWith("/delete"));
            assertThat(app.status("GET", "/api/notes/" + id)).as("nothing is deleted before confirming").isEqualTo(200);
            find(browser, "#confirm-delete").click();
            browser.await("the list, saying the record was deleted", d -> d.getCurrentUrl().contains("notice=deleted"));
            assertThat(app.status("GET", "/api/notes/" + id)).isEqualTo(404);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
