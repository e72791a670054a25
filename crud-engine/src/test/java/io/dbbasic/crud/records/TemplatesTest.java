package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every app in {@code templates/}, as {@code ./dbbasic new --template NAME --seed} leaves it, served by a fresh
 * engine: it loads without errors or warnings, every row of its sample data goes in, and each custom endpoint
 * answers (its filter values fit their fields).
 */
class TemplatesTest {
    private static final Path TEMPLATES = Stack.repositoryRoot().resolve("templates");

    @TempDir Path root;

    static Stream<String> templates() throws IOException {
        try (var dirs = Files.list(TEMPLATES)) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void loads_without_errors_or_warnings_and_with_all_its_sample_data(String name) throws IOException {
        var template = TEMPLATES.resolve(name);
        SeedsTest.copy(template, root.resolve("app"));

        try (var crud = CrudApp.start(root, Map.of())) {
            var models = crud.get("/api/models").body();
            assertThat(models.get("errors")).as("errors").isEmpty();
            var served = new LinkedHashMap<String, JsonNode>();
            models.get("resources").forEach(resource -> served.put(resource.get("resource").asText(), resource));
            assertThat(served).as("one resource per YAML file").hasSize(yamlFiles(template));
            served.forEach((resource, model) -> assertThat(model.get("warnings")).as(resource + " warnings").isEmpty());

            var expected = new LinkedHashMap<String, Integer>();
            var actual = new LinkedHashMap<String, Integer>();
            // the account resource also holds the admin account made at first start
            var accounts = new AppLoader().loadApp(root.resolve("app")).model().accountResource().map(Resource::name).orElse("");
            for (var seed : seedFiles(template)) {
                var resource = seed.getFileName().toString().replaceFirst("\\.json$", "");
                assertThat(served).as("seed/%s names a resource", seed.getFileName()).containsKey(resource);
                expected.put(resource, Json.newMapper().readTree(seed.toFile()).size() + (resource.equals(accounts) ? 1 : 0));
                // record_count counts every stored row, whoever asks (a read rule would hide drafts from a list)
                actual.put(resource, served.get(resource).get("record_count").asInt());
            }
            assertThat(actual).as("rows stored per resource").isEqualTo(expected);

            served.forEach((resource, model) -> model.path("api").path("custom_endpoints").forEach(path -> {
                var url = model.get("base_path").asText() + path.asText().replaceAll("\\{[a-z0-9_]+}", "1");
                assertThat(crud.get(url).status()).as("GET " + url).isIn(200, 401, 403);
            }));
        }
    }

    private static int yamlFiles(Path template) throws IOException {
        try (var files = Files.walk(template)) {
            return (int) files.filter(file -> file.getFileName().toString().endsWith(".yaml")).count();
        }
    }

    private static List<Path> seedFiles(Path template) throws IOException {
        try (var files = Files.list(template.resolve("seed"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }
}
