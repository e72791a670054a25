package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the messages about one file, each placed at the YAML node it is about. */
final class Diagnostics {
    private final Path file;
    private final List<Diagnostic> messages = new ArrayList<>();

    Diagnostics(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    Location at(Node node) {
        return node == null ? Location.of(file) : at(node.getStartMark());
    }

    Location at(Mark mark) {
        return mark == null ? Location.of(file) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    void error(Node node, String message) {
        add(new Diagnostic(at(node), Diagnostic.Severity.ERROR, message));
    }

    void warning(Node node, String message) {
        add(new Diagnostic(at(node), Diagnostic.Severity.WARNING, message));
    }

    void add(Diagnostic diagnostic) {
        messages.add(diagnostic);
    }

    boolean hasErrors() {
        return messages.stream().anyMatch(Diagnostic::isError);
    }

    int errorCount() {
        return (int) messages.stream().filter(Diagnostic::isError).count();
    }

    /** Every message, in the order of the file. */
    List<Diagnostic> all() {
        return messages.stream()
                .sorted(java.util.Comparator.comparingInt((Diagnostic d) -> d.location().line()).thenComparingInt(d -> d.location().column()))
                .toList();
    }
}
