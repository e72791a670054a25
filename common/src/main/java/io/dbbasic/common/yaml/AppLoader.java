package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads an app: every {@code *.yaml}/{@code *.yml} file under the app folder (recursively; hidden
 * files and folders, such as editors' swap files, are skipped), one resource per file, then the
 * checks that span files: references, duplicate names and base paths, one account resource.
 */
public final class AppLoader {
    /** The account table that exists even when no resource declares {@code auth: true} (CONTRACT §3). */
    public static final String BUILT_IN_USERS = "users";

    /** Loads every YAML file under {@code appDir}. */
    public AppLoad loadApp(Path appDir) {
        var sources = new LinkedHashMap<Path, Source>();
        for (var file : yamlFiles(appDir)) {
            sources.put(file, Source.read(file));
        }
        return loadSources(sources);
    }

    /** Loads the given texts as one app; the keys are the paths that messages name. */
    public AppLoad load(Map<Path, String> texts) {
        var sources = new LinkedHashMap<Path, Source>();
        texts.forEach((file, text) -> sources.put(file, new Source.Text(text)));
        return loadSources(sources);
    }

    private AppLoad loadSources(Map<Path, Source> sources) {
        var results = new LinkedHashMap<Path, ResourceReader.Result>();
        var diagnostics = new LinkedHashMap<Path, Diagnostics>();
        sources.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(source -> {
            var file = source.getKey();
            var fileDiagnostics = new Diagnostics(file);
            diagnostics.put(file, fileDiagnostics);
            if (source.getValue() instanceof Source.Unreadable unreadable) {
                fileDiagnostics.add(new Diagnostic(fileDiagnostics.at((Node) null), Diagnostic.Severity.ERROR, unreadable.reason()));
                return;
            }
            YamlSource.compose(((Source.Text) source.getValue()).text(), fileDiagnostics).ifPresentOrElse(
                    root -> results.put(file, new ResourceReader(fileDiagnostics).read(root)),
                    () -> {
                        if (!fileDiagnostics.hasErrors()) {
                            fileDiagnostics.error(null, "the file is empty; a resource needs `resource:` and `fields:`");
                        }
                    });
        });
        crossFileChecks(results, diagnostics);
        var files = new ArrayList<FileLoad>();
        diagnostics.forEach((file, fileDiagnostics) -> {
            var result = results.get(file);
            var resource = result == null || fileDiagnostics.hasErrors() ? null : result.resource();
            files.add(new FileLoad(file, resource, fileDiagnostics.all()));
        });
        return new AppLoad(files);
    }

    private void crossFileChecks(Map<Path, ResourceReader.Result> results, Map<Path, Diagnostics> diagnostics) {
        var declared = new HashMap<String, Path>();
        var basePaths = new HashMap<String, Path>();
        Path accountFile = null;
        for (var entry : results.entrySet()) {
            var file = entry.getKey();
            var result = entry.getValue();
            var fileDiagnostics = diagnostics.get(file);
            if (result.declaredName() != null) {
                var first = declared.putIfAbsent(result.declaredName(), file);
                if (first != null) {
                    fileDiagnostics.error(result.nameNode(), "resource `" + result.declaredName() + "` is already declared in " + first);
                    continue;
                }
            }
            var resource = result.resource();
            if (resource == null) {
                continue;
            }
            var firstPath = basePaths.putIfAbsent(resource.basePath(), file);
            if (firstPath != null) {
                fileDiagnostics.error(result.basePathNode() != null ? result.basePathNode() : result.nameNode(),
                        "base path " + resource.basePath() + " is already used by " + firstPath);
            }
            if (resource.auth()) {
                if (accountFile != null) {
                    fileDiagnostics.error(result.nameNode(), "`auth: true` is already declared in " + accountFile + "; an app has one account resource");
                } else {
                    accountFile = file;
                }
            }
        }
        var loaded = new HashMap<String, Resource>();
        results.values().forEach(r -> {
            if (r.resource() != null) {
                loaded.putIfAbsent(r.resource().name(), r.resource());
            }
        });
        for (var entry : results.entrySet()) {
            checkReferences(entry.getValue(), diagnostics.get(entry.getKey()), declared.keySet(), loaded);
        }
    }

    private void checkReferences(ResourceReader.Result result, Diagnostics diagnostics, Set<String> declared,
                                 Map<String, Resource> loaded) {
        for (var reference : result.references()) {
            var target = reference.target();
            if (declared.contains(target)) {
                var targetResource = loaded.get(target);
                if (targetResource != null && result.resource() != null
                        && !targetResource.database().equals(result.resource().database())) {
                    diagnostics.warning(reference.node(), "`" + reference.field() + "` references `" + target + "` in another database file ("
                            + targetResource.database() + "): existence is checked on write, but on_delete is not kept across files");
                }
                continue;
            }
            if (target.equals(BUILT_IN_USERS)) {
                continue;
            }
            var candidates = new ArrayList<>(declared);
            candidates.add(BUILT_IN_USERS);
            diagnostics.error(reference.node(), "`references: " + target + "`: there is no resource `" + target + "`"
                    + Suggestions.closest(target, candidates).map(s -> "; did you mean `" + s + "`?")
                    .orElse(candidates.isEmpty() ? "" : " (the resources are " + String.join(", ", candidates.stream().sorted().toList()) + ")"));
        }
    }

    /** The YAML files under {@code dir}, skipping hidden files and folders. */
    public static List<Path> yamlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> isYaml(p) && !isHidden(dir.relativize(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isYaml(Path file) {
        var name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith(".");
    }

    private static boolean isHidden(Path relative) {
        for (var part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
