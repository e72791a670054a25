package io.dbbasic.common.yaml;

import io.dbbasic.common.model.AppModel;
import java.util.List;

/** The outcome of loading an app folder: one {@link FileLoad} per YAML file, in path order. */
public record AppLoad(List<FileLoad> files) {
    public AppLoad {
        files = List.copyOf(files);
    }

    /** The resources of the files that loaded without errors. */
    public AppModel model() {
        return new AppModel(files.stream().flatMap(f -> f.resource().stream()).toList());
    }

    public List<Diagnostic> diagnostics() {
        return files.stream().flatMap(f -> f.diagnostics().stream()).toList();
    }

    public List<Diagnostic> errors() {
        return diagnostics().stream().filter(Diagnostic::isError).toList();
    }

    public boolean hasErrors() {
        return files.stream().anyMatch(FileLoad::hasErrors);
    }
}
