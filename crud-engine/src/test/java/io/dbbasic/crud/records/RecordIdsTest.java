package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids are never given twice: a record's id names its event stream ({@code {resource}-{id}}) and its history. */
class RecordIdsTest {
    private static final Map<String, String> YAML = Map.of("notes.yaml", "resource: notes\nfields:\n  text: {type: string}\n");

    @TempDir Path root;

    @Test
    void the_id_of_the_last_record_is_not_given_again_after_it_was_deleted_and_the_engine_restarted() {
        try (var crud = CrudApp.start(root, YAML)) {
            for (var i = 1; i <= 3; i++) {
                assertThat(crud.post("/api/notes", "{\"text\":\"n" + i + "\"}").body().get("id").asLong()).isEqualTo(i);
            }
            assertThat(crud.call("DELETE", "/api/notes/3", null).status()).isEqualTo(204);
        }
        try (var crud = CrudApp.start(root, YAML)) {
            assertThat(crud.post("/api/notes", "{\"text\":\"n4\"}").body().get("id").asLong()).isEqualTo(4);
        }
    }
}
