package io.dbbasic.crud.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.web.Webjars;
import io.dbbasic.crud.CrudEngineApp;
import io.dbbasic.testing.Await;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /openapi.json} and {@code /docs} over real HTTP, on the crud-engine as {@code main} builds it. */
class OpenApiRoutesTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String NOTES = """
            resource: notes
            fields:
              body: {type: text, required: true, max_length: 500}
            """;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir Path app;
    @TempDir Path data;
    private RunningApp running;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(app.resolve("notes.yaml"), NOTES);
        var env = Environment.of(Map.of("DBBASIC_APP_DIR", app.toString(), "DBBASIC_DATA_DIR", data.toString(),
                "DBBASIC_EVENTS_PORT", Integer.toString(FreePorts.pick(1).get(0))));
        running = RunningApp.start(CrudEngineApp.create(env));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    private JsonNode document() {
        var response = running.get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void serves_the_current_app_as_valid_openapi_and_follows_each_yaml_edit() throws IOException {
        var response = running.get("/openapi.json");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        var first = document();
        OpenApiGeneratorTest.assertValid(first);
        assertThat(first.path("paths").has("/api/notes")).isTrue();
        assertThat(first.at("/components/schemas/notes/properties/body/maxLength").asInt()).isEqualTo(500);

        Files.writeString(app.resolve("notes.yaml"), NOTES + "  title: {type: string, max_length: 80}\n"
                + "api: {base_path: /api/journal, enable_bulk: true}\n");
        Await.until("the document shows the edit", WITHIN,
                () -> document().at("/components/schemas/notes/properties/title/maxLength").asInt() == 80);
        var edited = document();
        assertThat(edited.path("paths").has("/api/journal/bulk")).isTrue();
        assertThat(edited.path("paths").has("/api/notes")).isFalse();

        Files.writeString(app.resolve("todos.yaml"), "resource: todos\nfields:\n  done: boolean\n");
        Await.until("a new file adds its resource", WITHIN, () -> document().path("paths").has("/api/todos"));
    }

    @Test
    void a_broken_file_keeps_the_last_good_schema_and_the_document_says_so() throws IOException {
        Files.writeString(app.resolve("notes.yaml"), NOTES + "  title: {type: strng}\n");
        Await.until("the document mentions the problem", WITHIN,
                () -> document().at("/info/description").asText().contains("1 problem in the YAML files"));
        assertThat(document().at("/components/schemas/notes/properties/body/maxLength").asInt()).isEqualTo(500);
        assertThat(document().at("/components/schemas/notes/properties").has("title")).isFalse();
    }

    @Test
    void answers_304_to_a_client_that_has_the_current_document() {
        var etag = running.get("/openapi.json").headers().firstValue("ETag").orElseThrow();
        var again = running.send(HttpRequest.newBuilder(running.uri("/openapi.json")).header("If-None-Match", etag).GET());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void docs_is_swagger_ui_from_the_local_webjar_pointed_at_the_document() {
        var page = running.get("/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        var html = page.body();
        var swaggerUi = "/webjars/swagger-ui/" + Webjars.version("org.webjars", "swagger-ui");
        assertThat(html).contains(swaggerUi + "/swagger-ui-bundle.js", swaggerUi + "/swagger-ui.css", "data-spec=\"/openapi.json\"",
                "id=\"dbbasic-topbar\"");
        // nothing from a CDN (the top bar's links to the other services are absolute, and fine)
        assertThat(html).doesNotContainPattern("<(script|link)[^>]*(src|href)=\"(https?:)?//");

        var assets = new ArrayList<String>();
        var matcher = Pattern.compile("(?:src|href)=\"(/[^\"]+\\.(?:js|css))\"").matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).contains(swaggerUi + "/swagger-ui-bundle.js", swaggerUi + "/swagger-ui.css", "/docs/swagger-init.js");
        for (var asset : assets) {
            var response = running.get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).isNotEmpty();
        }
        assertThat(running.get("/docs/swagger-init.js").body()).contains("SwaggerUIBundle", "dataset.spec");
        assertThat(running.get("/docs/").statusCode()).isEqualTo(200);
        assertThat(running.get("/docs/").body()).contains(swaggerUi + "/swagger-ui-bundle.js");
    }
}
