package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blog template with its sample data, as {@code ./dbbasic new --seed} leaves it, served by a fresh engine. */
class SeedsTest {
    @TempDir Path root;

    @Test
    void sample_data_is_loaded_once_with_its_ids_and_deleted_records_stay_deleted() throws IOException {
        copy(Stack.repositoryRoot().resolve("templates/blog"), root.resolve("app"));

        try (var crud = CrudApp.start(root, Map.of())) {
            assertThat(crud.get("/api/posts/1").body().get("title").asText()).isEqualTo("Hello, DBBasic");
            assertThat(crud.get("/api/posts/1").body().get("author_id").asLong()).isEqualTo(103);
            assertThat(crud.get("/api/categories?limit=1").body().get("total").asLong()).isEqualTo(4);
            assertThat(crud.call("DELETE", "/api/posts/1", null).status()).isEqualTo(204);
        }
        try (var crud = CrudApp.start(root, Map.of())) {
            assertThat(crud.get("/api/posts/1").status()).as("a second start does not seed again").isEqualTo(404);
            assertThat(crud.get("/api/posts?limit=1").body().get("total").asLong()).isEqualTo(7);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    var target = to.resolve(from.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
