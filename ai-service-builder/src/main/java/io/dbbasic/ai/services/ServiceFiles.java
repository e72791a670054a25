package io.dbbasic.ai.services;

import io.dbbasic.ai.gate.Gate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The services folder: {@code {name}.java} and {@code {name}.yaml} per service (CONTRACT §6). Writes go
 * through a temporary file and a rename, so the watcher and a restart never read half a file.
 */
public final class ServiceFiles {
    /** What one service's files hold right now; {@code code} or {@code spec} is null when that file is missing or unreadable. */
    public record Snapshot(String name, String code, ServiceSpec spec, List<String> problems, String digest) {
        public boolean exists() {
            return code != null || spec != null || !problems.isEmpty();
        }
    }

    private final Path dir;

    public ServiceFiles(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the services folder " + this.dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The names of every service with a .java or .yaml file here. */
    public List<String> names() {
        var names = new TreeSet<String>();
        try (var files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(".java") || f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.lastIndexOf('.')))
                    .filter(ServiceName::isValid)
                    .forEach(names::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(names);
    }

    public Snapshot read(String name) {
        var problems = new ArrayList<String>();
        var javaFile = dir.resolve(name + ".java");
        var yamlFile = dir.resolve(name + ".yaml");
        var code = readIfPresent(javaFile, problems);
        var yamlText = readIfPresent(yamlFile, problems);
        ServiceSpec spec = null;
        if (yamlText != null) {
            try {
                spec = parse(yamlText);
            } catch (IllegalArgumentException | YAMLException | ClassCastException e) {
                problems.add(yamlFile.getFileName() + ": " + e.getMessage());
            }
        }
        if (code == null && yamlText != null) {
            problems.add(javaFile.getFileName() + " is missing");
        }
        return new Snapshot(name, code, spec, List.copyOf(problems), Gate.digest((code == null ? "" : code) + "\u0000" + (yamlText == null ? "" : yamlText)));
    }

    /** Writes both files; returns the digest that {@link #read} will report for them. */
    public String write(String name, String code, ServiceSpec spec) {
        var yamlText = render(spec);
        atomicWrite(dir.resolve(name + ".java"), code);
        atomicWrite(dir.resolve(name + ".yaml"), yamlText);
        return Gate.digest(code + "\u0000" + yamlText);
    }

    public void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name + ".java"));
            Files.deleteIfExists(dir.resolve(name + ".yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceSpec parse(String yamlText) {
        var loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        if (loaded == null) {
            return new ServiceSpec("", List.of(), ServiceStatus.DRAFT);
        }
        if (!(loaded instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("the file must be a mapping with description, status and tests");
        }
        var description = root.get("description") == null ? "" : String.valueOf(root.get("description")).strip();
        var statusText = root.get("status") == null ? "draft" : String.valueOf(root.get("status")).strip().toLowerCase(Locale.ROOT);
        ServiceStatus status;
        switch (statusText) {
            case "active": status = ServiceStatus.ACTIVE; break;
            case "draft": status = ServiceStatus.DRAFT; break;
            case "invalid": status = ServiceStatus.DRAFT; break;
            default: throw new IllegalArgumentException("status must be active or draft, not '" + statusText + "'");
        }
        var tests = new ArrayList<TestCase>();
        if (root.get("tests") instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> test)) {
                    throw new IllegalArgumentException("test " + (i + 1) + " must be a mapping with name, input and expected");
                }
                tests.add(new TestCase(test.get("name") == null ? "test " + (i + 1) : String.valueOf(test.get("name")),
                        stringKeys(test.get("input")), stringKeys(test.get("expected"))));
            }
        } else if (root.get("tests") != null) {
            throw new IllegalArgumentException("tests must be a list");
        }
        return new ServiceSpec(description, tests, status);
    }

    static String render(ServiceSpec spec) {
        var root = new LinkedHashMap<String, Object>();
        root.put("description", spec.description());
        root.put("status", spec.status() == ServiceStatus.ACTIVE ? "active" : "draft");
        var tests = new ArrayList<Map<String, Object>>();
        for (var test : spec.tests()) {
            var item = new LinkedHashMap<String, Object>();
            item.put("name", test.name());
            item.put("input", test.input());
            item.put("expected", test.expected());
            tests.add(item);
        }
        root.put("tests", tests);
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(new DecimalRepresenter(options), options).dump(root);
    }

    /** Writes BigDecimal as a plain YAML number rather than a Java-tagged object. */
    private static final class DecimalRepresenter extends Representer {
        DecimalRepresenter(DumperOptions options) {
            super(options);
            this.representers.put(BigDecimal.class, data -> representScalar(Tag.FLOAT, ((BigDecimal) data).toPlainString()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stringKeys(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a test's input and expected must be mappings");
        }
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
        return (Map<String, Object>) (Map<String, ?>) copy;
    }

    /** YAML values as JSON values: nested maps keyed by text, and dates (which YAML reads as java.util.Date) as ISO text. */
    private static Object plain(Object value) {
        if (value instanceof Map<?, ?>) {
            return stringKeys(value);
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        if (value instanceof java.util.Date date) {
            var instant = date.toInstant();
            var day = java.time.LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC);
            return day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().equals(instant) ? day.toString() : instant.toString();
        }
        return value;
    }

    private static String readIfPresent(Path file, List<String> problems) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(file.getFileName() + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    private void atomicWrite(Path file, String text) {
        try {
            var temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
