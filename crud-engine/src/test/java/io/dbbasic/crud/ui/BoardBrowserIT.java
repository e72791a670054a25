package io.dbbasic.crud.ui;

import static io.dbbasic.crud.ui.UiFixtures.SCREENSHOTS;
import static io.dbbasic.crud.ui.UiFixtures.TASKS;
import static io.dbbasic.crud.ui.UiFixtures.awaitLive;
import static io.dbbasic.crud.ui.UiFixtures.find;
import static io.dbbasic.crud.ui.UiFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Await;
import io.dbbasic.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.interactions.Actions;

/** The kanban board in headless Chromium: a dragged card changes the record through the API; a refused move snaps back. */
class BoardBrowserIT {
    @TempDir Path dir;

    @Test
    void a_card_dragged_to_another_column_changes_the_status_and_a_move_the_workflow_refuses_snaps_back_with_its_message() {
        try (var app = AdminApp.start(dir, Map.of("tasks.yaml", TASKS)); var browser = Browser.start()) {
            app.logIn(browser);
            var write = app.api("POST", "/api/tasks", "{\"title\":\"write the docs\"}").get("id").asLong();
            var ship = app.api("POST", "/api/tasks", "{\"title\":\"ship it\"}").get("id").asLong();
            browser.open(app.url("/ui/tasks"));
            awaitLive(browser);
            assertThat(text(browser, ".board-column[data-value=todo]")).contains("write the docs", "ship it");
            browser.screenshot(SCREENSHOTS.resolve("board.png"));

            drag(browser, write, "doing");
            Await.until("the API has the task in doing", Duration.ofSeconds(5),
                    () -> app.api("GET", "/api/tasks/" + write, null).get("status").asText().equals("doing"));
            browser.await("the card sits in doing", d -> text(browser, ".board-column[data-value=doing]").contains("write the docs"));

            drag(browser, ship, "done");   // todo → done is not a transition of the workflow
            browser.await("the refusal is shown", d -> find(browser, "#board-message").isDisplayed());
            assertThat(text(browser, "#board-message")).contains("ship it").contains("todo").contains("done");
            assertThat(text(browser, ".board-column[data-value=todo]")).contains("ship it");
            assertThat(text(browser, ".board-column[data-value=done]")).doesNotContain("ship it");
            assertThat(app.api("GET", "/api/tasks/" + ship, null).get("status").asText()).isEqualTo("todo");
            browser.screenshot(SCREENSHOTS.resolve("board-refused.png"));
            // the refused PATCH is the only thing the console reports (Chromium logs every 4xx answer)
            assertThat(browser.consoleErrors()).allMatch(e -> e.contains("409"));
        }
    }

    @Test
    void a_card_moves_with_its_keyboard_buttons_and_changes_made_elsewhere_arrive_live() {
        try (var app = AdminApp.start(dir, Map.of("tasks.yaml", TASKS)); var browser = Browser.start()) {
            app.logIn(browser);
            var id = app.api("POST", "/api/tasks", "{\"title\":\"review\"}").get("id").asLong();
            browser.open(app.url("/ui/tasks"));
            awaitLive(browser);
            find(browser, ".board-card[data-id='" + id + "'] .move-button[data-to=doing]").click();
            Await.until("the API has the task in doing", Duration.ofSeconds(5),
                    () -> app.api("GET", "/api/tasks/" + id, null).get("status").asText().equals("doing"));

            app.api("POST", "/api/tasks", "{\"title\":\"made elsewhere\"}");
            browser.await("the new card is on the board", Duration.ofSeconds(2),
                    d -> text(browser, ".board-column[data-value=todo]").contains("made elsewhere"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /**
     * Drags by viewport coordinates read in one script call: the board may be swapped by a live refresh at any
     * moment, so element references could go stale between two driver calls.
     */
    private static void drag(Browser browser, long id, String column) {
        @SuppressWarnings("unchecked")
        var points = (java.util.List<Number>) browser.script("""
                var card = document.querySelector(arguments[0]).getBoundingClientRect();
                var target = document.querySelector(arguments[1]).getBoundingClientRect();
                return [card.x + card.width / 2, card.y + 8, target.x + target.width / 2, target.y + target.height / 2].map(Math.round);
                """, ".board-card[data-id='" + id + "']", ".board-column[data-value=" + column + "] .board-cards");
        var x = points.get(0).intValue();
        var y = points.get(1).intValue();
        new Actions(browser.driver()).moveToLocation(x, y).clickAndHold().moveToLocation(x + 12, y + 12)
                .moveToLocation(points.get(2).intValue(), points.get(3).intValue()).release().perform();
    }
}
