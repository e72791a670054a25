package io.dbbasic.crud.cli;

import io.dbbasic.common.yaml.AppLoad;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.Diagnostic;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code dbbasic validate PATH}: PATH is a YAML file (checked as part of the app folder it sits in,
 * so its references resolve), an app folder, or a folder of app folders (each subfolder its own app).
 * Prints {@code file:line:column: error|warning: message}; exit 1 on any error.
 */
final class ValidateCommand {
    private final PrintStream out;
    private final AppLoader loader = new AppLoader();

    ValidateCommand(PrintStream out) {
        this.out = out;
    }

    int run(Path path) {
        if (!Files.exists(path)) {
            out.println(path + ": error: no such file or folder");
            return 1;
        }
        var diagnostics = new ArrayList<Diagnostic>();
        var files = 0;
        if (Files.isRegularFile(path)) {
            var load = loader.loadApp(parentOf(path));
            var file = path.toAbsolutePath().normalize();
            for (var fileLoad : load.files()) {
                if (fileLoad.file().toAbsolutePath().normalize().equals(file)) {
                    diagnostics.addAll(fileLoad.diagnostics());
                    files++;
                }
            }
            if (files == 0) {
                out.println(path + ": error: not a YAML file (*.yaml or *.yml)");
                return 1;
            }
        } else {
            for (var app : apps(path)) {
                AppLoad load = loader.loadApp(app);
                diagnostics.addAll(load.diagnostics());
                files += load.files().size();
            }
        }
        diagnostics.forEach(out::println);
        var errors = diagnostics.stream().filter(Diagnostic::isError).count();
        var warnings = diagnostics.size() - errors;
        out.println(files + (files == 1 ? " file" : " files") + " checked: " + errors + (errors == 1 ? " error" : " errors")
                + ", " + warnings + (warnings == 1 ? " warning" : " warnings"));
        return errors > 0 ? 1 : 0;
    }

    /** An app folder has YAML files of its own; otherwise each subfolder is an app (like templates/). */
    private static List<Path> apps(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            var list = children.sorted().toList();
            if (list.stream().anyMatch(p -> Files.isRegularFile(p) && AppLoader.isYaml(p))) {
                return List.of(dir);
            }
            var subfolders = list.stream().filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            return subfolders.isEmpty() ? List.of(dir) : subfolders;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path parentOf(Path file) {
        var parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
