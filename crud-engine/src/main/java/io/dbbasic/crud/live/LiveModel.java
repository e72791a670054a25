package io.dbbasic.crud.live;

import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.Diagnostic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app as it is served right now. Each reload reads every YAML file again; a file that has errors,
 * or whose schema change is refused, keeps its last good resource serving, and the problem is reported.
 * Reloads run one at a time (the watcher's thread, or start-up); readers take the immutable snapshot.
 */
public final class LiveModel {
    private static final Logger log = LoggerFactory.getLogger(LiveModel.class);

    /** What is served, and what is wrong with the files as they stand. */
    public record Snapshot(AppModel model, List<Diagnostic> errors, List<Diagnostic> warnings, long version) {
        public Snapshot {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /** Brings storage in line with a resource before it is served; throws {@link Refused} to keep the old one. */
    @FunctionalInterface
    public interface SchemaSync {
        void apply(Resource resource) throws Refused;
    }

    /** A schema change that existing data forbids; the message says why (counts, examples). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** What one reload changed, for the features that follow the model (routes, realtime, OpenAPI). */
    public record Change(Snapshot snapshot, List<String> changedResources, List<String> removedResources) {}

    private final Path appDir;
    private final AppLoader loader;
    private final SchemaSync schema;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    // touched only inside synchronized reload()
    private final Map<Path, Resource> servingByFile = new HashMap<>();
    private volatile Snapshot snapshot = new Snapshot(new AppModel(List.of()), List.of(), List.of(), 0);

    public LiveModel(Path appDir, AppLoader loader, SchemaSync schema) {
        this.appDir = appDir;
        this.loader = loader;
        this.schema = schema;
    }

    public Snapshot current() {
        return snapshot;
    }

    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public synchronized Snapshot reload() {
        var load = loader.loadApp(appDir);
        var errors = new ArrayList<Diagnostic>();
        var warnings = new ArrayList<Diagnostic>();
        var next = new HashMap<Path, Resource>();
        var changed = new ArrayList<String>();
        for (var file : load.files()) {
            file.diagnostics().forEach(d -> (d.isError() ? errors : warnings).add(d));
            var previous = servingByFile.get(file.file());
            var candidate = file.resourceOrNull();
            if (candidate == null) {
                if (previous != null) {
                    next.put(file.file(), previous);
                }
                continue;
            }
            if (candidate.equals(previous)) {
                next.put(file.file(), previous);
                continue;
            }
            try {
                schema.apply(candidate);
                next.put(file.file(), candidate);
                changed.add(candidate.name());
            } catch (Refused e) {
                errors.add(new Diagnostic(candidate.location(), Diagnostic.Severity.ERROR, e.getMessage()));
                if (previous != null) {
                    next.put(file.file(), previous);
                }
            }
        }
        var removed = servingByFile.values().stream().map(Resource::name)
                .filter(name -> next.values().stream().noneMatch(r -> r.name().equals(name))).toList();
        servingByFile.clear();
        servingByFile.putAll(next);
        var resources = next.values().stream().sorted(java.util.Comparator.comparing(Resource::name)).toList();
        var updated = new Snapshot(new AppModel(resources), errors, warnings, snapshot.version() + 1);
        var same = Objects.equals(updated.model(), snapshot.model()) && updated.errors().equals(snapshot.errors())
                && updated.warnings().equals(snapshot.warnings());
        snapshot = same ? snapshot : updated;
        if (!same) {
            log.info("app reloaded: {} resources, {} errors, {} warnings", resources.size(), errors.size(), warnings.size());
            errors.forEach(e -> log.warn("{}", e));
            var change = new Change(updated, changed, removed);
            listeners.forEach(listener -> listener.accept(change));
        }
        return snapshot;
    }
}
