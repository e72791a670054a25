package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Browser;
import io.dbbasic.testing.Logins;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page at / in headless Chromium: the live tail fills over the WebSocket, the chart draws, data stays text. */
class PageBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void the_live_tail_shows_new_events_as_text_and_the_chart_draws_the_last_hour() {
        try (var store = EventStore.start(dir.resolve("data")); var browser = Browser.start()) {
            store.append("posts-1", event("posts.created", "{\"title\":\"first\"}"));
            browser.signIn(store.uri("").toString(), Logins.token(store.dataDir, 1, "admin", List.of("admin")));
            browser.open(store.uri("/").toString());
            browser.await("the tail is live and shows position 1", WAIT, d ->
                    "live".equals(browser.script("return document.getElementById('tail-status').textContent"))
                            && ((Number) browser.script("return document.querySelectorAll('#tail tbody tr').length")).intValue() == 1);

            store.append("posts-2", event("posts.created", "{\"title\":\"<img src=x onerror=\\\"window.pwned=1\\\">\"}"));
            browser.await("the tail shows position 2", WAIT, d ->
                    "2".equals(browser.script("return document.querySelector('#tail tbody tr').dataset.position")));
            assertThat((String) browser.script("return document.querySelector('#tail tbody tr').textContent")).contains("<img src=x");
            assertThat(((Number) browser.script("return document.querySelectorAll('#tail img').length")).intValue()).isZero();
            assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
            assertThat(browser.script("return document.getElementById('last-position').textContent")).isEqualTo("2");

            browser.await("the chart has a bar per minute", WAIT, d ->
                    ((Number) browser.script("return document.querySelectorAll('#rate-chart rect').length")).intValue() == 60);
            assertThat((String) browser.script("return document.querySelector('#dbbasic-topbar a[data-service=\"event-store\"]').className"))
                    .contains("active");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
