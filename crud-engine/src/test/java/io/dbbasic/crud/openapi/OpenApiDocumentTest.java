package io.dbbasic.crud.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.live.LiveModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The served copy of the document: rendered per snapshot, never replaced by an older one. */
class OpenApiDocumentTest {
    private final OpenApiDocument document = new OpenApiDocument(new OpenApiGenerator(Json.newMapper(), "dev"), Json.newMapper());

    private static LiveModel.Snapshot snapshot(long version, String yaml) {
        var model = yaml == null ? new AppModel(List.of())
                : new AppLoader().load(Map.of(Path.of("r.yaml"), yaml)).model();
        return new LiveModel.Snapshot(model, List.of(), List.of(), version);
    }

    @Test
    void renders_a_snapshot_as_compact_json_with_an_etag_of_its_text() {
        document.render(snapshot(1, "resource: notes\nfields:\n  price: {type: decimal, precision: 20, scale: 2}\n"));
        var rendered = document.current();
        assertThat(rendered.modelVersion()).isEqualTo(1);
        assertThat(rendered.json()).startsWith("{\"openapi\":\"3.1.0\"").contains("\"/api/notes\"");
        assertThat(rendered.json()).as("decimals written plainly").contains("\"multipleOf\":0.01", "\"exclusiveMaximum\":1000000000000000000");
        assertThat(rendered.etag()).matches("\"[0-9a-f]{24}\"");
    }

    @Test
    void an_older_snapshot_rendered_late_does_not_replace_a_newer_one() {
        document.render(snapshot(5, "resource: notes\nfields:\n  body: text\n"));
        document.render(snapshot(4, null));
        assertThat(document.current().modelVersion()).isEqualTo(5);
        assertThat(document.current().json()).contains("\"/api/notes\"");

        document.render(snapshot(6, null));
        assertThat(document.current().json()).doesNotContain("\"/api/notes\"");
    }

    @Test
    void the_same_model_gives_the_same_etag() {
        document.render(snapshot(1, "resource: notes\nfields:\n  body: text\n"));
        var first = document.current().etag();
        document.render(snapshot(2, "resource: notes\nfields:\n  body: text\n"));
        assertThat(document.current().etag()).isEqualTo(first);
        document.render(snapshot(3, "resource: notes\nfields:\n  body: {type: text, max_length: 9}\n"));
        assertThat(document.current().etag()).isNotEqualTo(first);
    }
}
