package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dbbasic.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page at / in headless Chromium: the live tail fills over the WebSocket, the chart draws, data stays text. */
class PageBrowserIT {
    @TempDir Path dir;

    @Test
    void the_live_tail_shows_new_events_as_text_and_the_chart_draws_the_last_hour() {
        assumeTrue(Chrome.available(), "needs Debian's chromium and chromium-driver");
        try (var store = EventStore.start(dir.resolve("data")); var chrome = new Chrome(dir)) {
            store.append("posts-1", event("posts.created", "{\"title\":\"first\"}"));
            chrome.open(store.uri("/"));
            Await.until("the tail is live and shows position 1", Duration.ofSeconds(30), () ->
                    chrome.script("return document.getElementById('tail-status').textContent").asText().equals("live")
                            && chrome.script("return document.querySelectorAll('#tail tbody tr').length").asInt() == 1);

            store.append("posts-2", event("posts.created", "{\"title\":\"<img src=x onerror=\\\"window.pwned=1\\\">\"}"));
            Await.until("the tail shows position 2", Duration.ofSeconds(30), () ->
                    chrome.script("return document.querySelector('#tail tbody tr').dataset.position").asText().equals("2"));
            assertThat(chrome.script("return document.querySelector('#tail tbody tr').textContent").asText()).contains("<img src=x");
            assertThat(chrome.script("return document.querySelectorAll('#tail img').length").asInt()).isZero();
            assertThat(chrome.script("return window.pwned === undefined").asBoolean()).isTrue();
            assertThat(chrome.script("return document.getElementById('last-position').textContent").asText()).isEqualTo("2");

            Await.until("the chart has a bar per minute", Duration.ofSeconds(30), () ->
                    chrome.script("return document.querySelectorAll('#rate-chart rect').length").asInt() == 60);
            assertThat(chrome.script("return document.querySelector('#dbbasic-topbar a[data-service=\"event-store\"]').className").asText())
                    .contains("active");
        }
    }
}
