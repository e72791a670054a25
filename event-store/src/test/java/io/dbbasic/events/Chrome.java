package io.dbbasic.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Http;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Headless Debian Chromium driven through chromedriver's W3C WebDriver protocol with the JDK HTTP
 * client (no Selenium needed for the few commands these tests use). Closing ends the browser and the driver.
 */
final class Chrome implements AutoCloseable {
    private final Process driver;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newHttpClient();

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/chromedriver")) && Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    Chrome(Path logDir) {
        var port = FreePorts.pick(1).get(0);
        try {
            driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + port).redirectErrorStream(true)
                    .redirectOutput(new File(logDir.toFile(), "chromedriver.log")).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        base = URI.create("http://127.0.0.1:" + port);
        Await.until("chromedriver answers", Duration.ofSeconds(20), () -> Http.answersOk(base.resolve("/status")));
        var created = call("POST", "/session", "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
                + "\"binary\":\"/usr/bin/chromium\",\"args\":[\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\","
                + "\"--disable-dev-shm-usage\",\"--no-first-run\",\"--window-size=1280,900\"]}}}}");
        session = created.at("/value/sessionId").asText();
    }

    void open(URI page) {
        call("POST", "/session/" + session + "/url", "{\"url\":" + JsonNodeFactory.instance.textNode(page.toString()) + "}");
    }

    /** Runs {@code script} (a function body that may {@code return}) in the page and gives its result. */
    JsonNode script(String script) {
        return call("POST", "/session/" + session + "/execute/sync",
                "{\"script\":" + JsonNodeFactory.instance.textNode(script) + ",\"args\":[]}").get("value");
    }

    private JsonNode call(String method, String path, String body) {
        try {
            var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            var json = EventStore.JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new AssertionError("WebDriver " + method + " " + path + " → " + response.statusCode() + " " + response.body());
            }
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } finally {
            driver.destroy();
        }
    }
}
