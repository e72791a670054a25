package io.dbbasic.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.dbbasic.testing.Browser;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Logins;
import io.dbbasic.testing.RunningApp;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The dashboard in headless Chromium: it loads without console errors, and tiles, feed and charts
 * show live data that arrives over the WebSocket after the page loaded.
 */
class DashboardBrowserIT {
    @TempDir
    Path dir;
    private RunningApp monitor;
    private Javalin crud;
    private Browser browser;

    @BeforeEach
    void start() {
        var free = FreePorts.pick(4);
        var vars = Map.of(
                "DBBASIC_APP_DIR", dir.resolve("app").toString(),
                "DBBASIC_DATA_DIR", dir.resolve("data").toString(),
                "DBBASIC_CRUD_PORT", free.get(0).toString(),
                "DBBASIC_EVENTS_PORT", free.get(1).toString(),
                "DBBASIC_AI_PORT", free.get(2).toString(),
                "DBBASIC_STATIC_PORT", free.get(3).toString());
        monitor = RunningApp.start(RealtimeMonitorApp.create(Environment.of(vars)));
        var crudVars = new java.util.HashMap<>(vars);
        crudVars.put("DBBASIC_MONITOR_PORT", Integer.toString(monitor.port()));
        crud = Service.create("crud-engine", Environment.of(crudVars), wiring ->
                wiring.routes().get("/api/{resource}", ctx -> ctx.json(List.of()))).start(free.get(0));
        browser = Browser.start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (crud != null) {
            crud.stop();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private String text(String css) {
        return browser.driver().findElement(By.cssSelector(css)).getText();
    }

    @Test
    void shows_live_tiles_feed_and_charts_without_console_errors() {
        browser.signIn("http://localhost:" + monitor.port(), Logins.token(dir.resolve("data"), 1, "admin", List.of("admin")));
        browser.open("http://localhost:" + monitor.port() + "/");
        browser.await("the page loaded its state", d -> "true".equals(browser.script("return document.getElementById('dashboard').dataset.ready")));
        browser.await("the WebSocket is live", d -> text("#live-state").equals("live"));

        // tiles: the monitor itself and the crud-engine are up, the two services not running are down
        browser.await("the crud-engine tile is up", d -> text(".tile[data-service='crud-engine'] .tile-status").equals("up"));
        assertThat(text(".tile[data-service='realtime-monitor'] .tile-status")).isEqualTo("up");
        assertThat(text(".tile[data-service='event-store'] .tile-status")).isEqualTo("down");
        assertThat(text(".tile[data-service='event-store'] .tile-reason")).contains("connection refused");
        assertThat(text(".tile[data-service='crud-engine'] .tile-version")).isNotEqualTo("–");

        // feed: a request made to the crud-engine after the page loaded arrives live
        for (int i = 0; i < 5; i++) {
            assertThat(new Client(crud.port()).get("/api/beacons")).isEqualTo(200);
        }
        browser.await("the request is in the feed", d -> !d.findElements(By.xpath(
                "//table[@id='feed']//tr[@data-service='crud-engine' and contains(., 'GET /api/beacons')]")).isEmpty());

        // charts: samples with the crud-engine's requests are drawn
        browser.await(Duration.ofSeconds(20).toString() + " of charts", Duration.ofSeconds(20), d ->
                Integer.parseInt(d.findElement(By.id("chart-rps")).getAttribute("data-points")) > 0
                        && Integer.parseInt(d.findElement(By.cssSelector(".chart-latency[data-service='crud-engine']")).getAttribute("data-points")) > 0);
        assertThat(browser.driver().findElements(By.cssSelector("#chart-rps canvas"))).isNotEmpty();
        browser.await("the crud-engine tile shows its request rate", d -> !text(".tile[data-service='crud-engine'] .tile-rps").equals("0.00")
                && !text(".tile[data-service='crud-engine'] .tile-rps").equals("–"));

        // the feed filter keeps only the chosen service
        new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("feed-service"))).selectByValue("crud-engine");
        assertThat(browser.driver().findElements(By.cssSelector("#feed tbody tr")))
                .allSatisfy(row -> assertThat(row.getAttribute("data-service")).isEqualTo("crud-engine"));

        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** A plain GET against the crud-engine stand-in. */
    private record Client(int port) {
        int get(String path) {
            return io.dbbasic.testing.Http.get(java.net.URI.create("http://localhost:" + port + path)).statusCode();
        }
    }
}
