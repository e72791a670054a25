package io.dbbasic.common.yaml;

import java.io.StringReader;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses YAML text into a node tree (never into objects: nothing is constructed, so no type can be
 * instantiated and aliases are not expanded). Limits keep a hostile file from costing more than
 * milliseconds: size, nesting depth and the number of collection aliases ("billion laughs").
 */
final class YamlSource {
    static final int MAX_CHARS = 1024 * 1024;
    static final int MAX_DEPTH = 50;
    static final int MAX_ALIASES = 50;

    private YamlSource() {}

    static Optional<Node> compose(String text, Diagnostics diagnostics) {
        if (text.length() > MAX_CHARS) {
            diagnostics.add(new Diagnostic(diagnostics.at((Node) null), Diagnostic.Severity.ERROR,
                    "the file is larger than " + MAX_CHARS / 1024 + " KB; a resource file is never that big"));
            return Optional.empty();
        }
        var options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CHARS + 1);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        var dumper = new DumperOptions();
        var yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        try {
            return Optional.ofNullable(yaml.compose(new StringReader(text)));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            diagnostics.add(new Diagnostic(diagnostics.at(mark), Diagnostic.Severity.ERROR, describe(e)));
        } catch (YAMLException e) {
            var message = firstLine(e.getMessage());
            if (message.startsWith("Number of aliases")) {
                message = "more than " + MAX_ALIASES + " aliases to lists or maps; refused (a \"billion laughs\" expansion would be)";
            }
            diagnostics.add(new Diagnostic(diagnostics.at((Node) null), Diagnostic.Severity.ERROR, "YAML refused: " + message));
        }
        return Optional.empty();
    }

    private static String describe(MarkedYAMLException e) {
        var problem = e.getProblem() == null ? "" : e.getProblem();
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
            return "YAML syntax: a tab character here; YAML is indented with spaces only";
        }
        var context = e.getContext() == null ? "" : e.getContext() + ": ";
        return "YAML syntax: " + context + firstLine(problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
