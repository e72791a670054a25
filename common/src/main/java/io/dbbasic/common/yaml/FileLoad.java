package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One YAML file's outcome: its resource when it has no errors, and every message about it. */
public record FileLoad(Path file, Resource resourceOrNull, List<Diagnostic> diagnostics) {
    public FileLoad {
        diagnostics = List.copyOf(diagnostics);
    }

    public Optional<Resource> resource() {
        return Optional.ofNullable(resourceOrNull);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
