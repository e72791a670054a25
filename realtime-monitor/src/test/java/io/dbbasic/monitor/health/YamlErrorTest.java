package io.dbbasic.monitor.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** YAML errors read from the crud-engine's health problems and /api/models. */
class YamlErrorTest {
    @Test
    void reads_the_validators_file_line_column_form() {
        assertThat(YamlError.fromProblem("crud-engine", "blog/posts.yaml:3:5: error: unknown type 'strin'"))
                .contains(new YamlError("crud-engine", "blog/posts.yaml", 3, 5, "unknown type 'strin'"));
        assertThat(YamlError.fromProblem("crud-engine", "beacons.yml:7: mapping values are not allowed here"))
                .contains(new YamlError("crud-engine", "beacons.yml", 7, null, "mapping values are not allowed here"));
    }

    @Test
    void other_problems_are_not_yaml_errors() {
        assertThat(YamlError.fromProblem("crud-engine", "event store unreachable: connection refused")).isEmpty();
    }

    @Test
    void reads_an_api_models_error_entry() throws Exception {
        var node = new ObjectMapper().readTree("{\"file\":\"posts.yaml\",\"line\":2,\"column\":1,\"message\":\"requried: did you mean required?\"}");

        assertThat(YamlError.fromModels("crud-engine", node))
                .contains(new YamlError("crud-engine", "posts.yaml", 2, 1, "requried: did you mean required?"));
    }
}
