package io.dbbasic.crud.ui.home;

import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.Diagnostic;
import io.dbbasic.common.yaml.FileLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ready-made apps of {@code templates/} and their one-click deploy: a template's files (without its
 * {@code seed/} data, as {@code ./dbbasic new} does) are copied into {@code <app dir>/<template name>/}, where
 * live reload picks them up. Nothing in the app is ever overwritten: a folder of that name, a resource name
 * the app already uses, or anything else that would stop the app's files loading together refuses the deploy.
 */
public final class TemplateGallery {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final Path templatesDir;
    private final Path appDir;
    private final AppLoader loader;
    private final Supplier<AppModel> served;

    public TemplateGallery(Path templatesDir, Path appDir, AppLoader loader, Supplier<AppModel> served) {
        this.templatesDir = templatesDir.toAbsolutePath().normalize();
        this.appDir = appDir.toAbsolutePath().normalize();
        this.loader = loader;
        this.served = served;
    }

    public List<HomeView.TemplateCard> cards() {
        var cards = new ArrayList<HomeView.TemplateCard>();
        for (var dir : templateDirs()) {
            var name = dir.getFileName().toString();
            var readme = Readme.of(dir.resolve("README.md"));
            cards.add(new HomeView.TemplateCard(name, readme.title().orElse(name), readme.summary().orElse(""),
                    resourceNames(loader.loadApp(dir).files()), "/ui/templates/" + name + "/deploy", conflict(dir).orElse(null)));
        }
        return cards;
    }

    /** Copies the template into the app dir; 404 for no such template, 409 (nothing copied) when it would collide. */
    public synchronized void deploy(String name) {
        var dir = templatesDir.resolve(NAME.matcher(name).matches() ? name : "-").normalize();
        if (!NAME.matcher(name).matches() || !Files.isDirectory(dir) || !dir.getParent().equals(templatesDir)) {
            throw new NotFound("there is no template called " + name);
        }
        var conflict = conflict(dir);
        if (conflict.isPresent()) {
            throw new Conflict(conflict.get() + "; nothing was copied");
        }
        // copied beside the app's files under a hidden name (the loader skips it), then renamed in one step,
        // so live reload never sees half a template
        var staging = appDir.resolve(".deploy-" + UUID.randomUUID());
        try {
            copyTree(dir, staging);
            try {
                Files.move(staging, appDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, appDir.resolve(name));
            }
        } catch (IOException e) {
            deleteTree(staging);
            throw new UncheckedIOException("cannot copy the template " + name + " into " + appDir, e);
        }
    }

    /** Why deploying the template in {@code dir} would be refused, if it would. */
    private java.util.Optional<String> conflict(Path dir) {
        var name = dir.getFileName().toString();
        if (Files.exists(appDir.resolve(name))) {
            return java.util.Optional.of("the app already has a folder called " + name);
        }
        var template = loader.loadApp(dir);
        var app = loader.loadApp(appDir);
        var taken = new java.util.TreeSet<>(resourceNames(app.files()));
        served.get().resources().stream().map(Resource::name).forEach(taken::add);
        var clashes = resourceNames(template.files()).stream().filter(taken::contains).sorted().toList();
        if (!clashes.isEmpty()) {
            return java.util.Optional.of("the app already has " + (clashes.size() == 1 ? "a resource called " : "resources called ")
                    + String.join(", ", clashes));
        }
        var before = keys(app.errors());
        var together = loader.load(texts(dir, name)).errors().stream().filter(e -> !before.contains(key(e))).toList();
        if (!together.isEmpty()) {
            return java.util.Optional.of("the template would not load beside the app's files: "
                    + together.stream().limit(3).map(this::describe).collect(Collectors.joining("; ")));
        }
        return java.util.Optional.empty();
    }

    /** Every YAML text of the app, plus the template's as if deployed under {@code <app dir>/<name>/}. */
    private Map<Path, String> texts(Path template, String name) {
        var texts = new LinkedHashMap<Path, String>();
        for (var file : AppLoader.yamlFiles(appDir)) {
            texts.put(file, read(file));
        }
        for (var file : AppLoader.yamlFiles(template)) {
            texts.put(appDir.resolve(name).resolve(template.relativize(file)), read(file));
        }
        return texts;
    }

    private String describe(Diagnostic error) {
        var file = error.location().file();
        var shown = file.startsWith(appDir) ? appDir.relativize(file) : file;
        return shown + ":" + error.location().line() + ": " + error.message();
    }

    private static Set<String> keys(List<Diagnostic> errors) {
        return errors.stream().map(TemplateGallery::key).collect(Collectors.toSet());
    }

    private static String key(Diagnostic error) {
        return error.location().file() + "\n" + error.message();
    }

    private static List<String> resourceNames(List<FileLoad> files) {
        return files.stream().flatMap(f -> f.resource().stream()).map(Resource::name).sorted().toList();
    }

    private List<Path> templateDirs() {
        if (!Files.isDirectory(templatesDir)) {
            return List.of();
        }
        try (var dirs = Files.list(templatesDir)) {
            return dirs.filter(Files::isDirectory).filter(d -> NAME.matcher(d.getFileName().toString()).matches())
                    .filter(d -> !AppLoader.yamlFiles(d).isEmpty()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + templatesDir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";   // unreadable now: the loader reports it when it reads the app itself
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (var path : paths.sorted().toList()) {
                var relative = from.relativize(path);
                if (!relative.toString().isEmpty() && relative.getName(0).toString().equals("seed")) {
                    continue;   // sample data comes only with `./dbbasic new --seed`
                }
                var target = to.resolve(relative.toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a left-over hidden staging folder is skipped by the loader
        }
    }
}
