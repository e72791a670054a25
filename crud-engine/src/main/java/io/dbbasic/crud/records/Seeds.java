package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A template's sample data ({@code seed/<resource>.json} in the app folder, what {@code ./dbbasic new
 * --seed} copies) goes in through the JSON import, ids and timestamps kept, the first time its
 * resource is served. "First time" is a resource that has never been written to (no change-log
 * position), so records a user deleted never come back. Referenced resources are seeded before the
 * ones that point at them.
 */
public final class Seeds {
    private static final Logger log = LoggerFactory.getLogger(Seeds.class);
    private static final Caller SEEDER = new Caller(null, "seed", List.of(Caller.ADMIN_ROLE), "local");

    private final Records records;
    private final Imports imports;
    private final Path seedDir;

    public Seeds(Records records, ObjectMapper json, Path appDir, Path dataDir, Clock clock) {
        this.records = records;
        this.imports = new Imports(records, json, dataDir.resolve("tmp"), clock);
        this.seedDir = appDir.resolve("seed");
    }

    /** Seeds those of {@code names} that have a seed file and were never written to. */
    public void load(AppModel model, Collection<String> names) {
        for (var resource : inDependencyOrder(model, names)) {
            var file = seedDir.resolve(resource.name() + ".json");
            if (!Files.isRegularFile(file) || records.lastPosition(resource) > 0) {
                continue;
            }
            try (var in = Files.newInputStream(file)) {
                var result = imports.runSampleData(resource, in, Files.size(file), SEEDER);
                if (result.refused()) {
                    log.warn("{}: sample data not loaded, {} rows are invalid: {}", file, result.errors().size(), result.errors());
                } else {
                    log.info("{}: {} sample records loaded", file, result.imported());
                }
            } catch (IOException | RuntimeException e) {
                log.warn("{}: sample data not loaded: {}", file, e.getMessage());
            }
        }
    }

    private static List<Resource> inDependencyOrder(AppModel model, Collection<String> names) {
        var ordered = new LinkedHashSet<Resource>();
        for (var name : names) {
            model.resource(name).ifPresent(resource -> visit(model, resource, Set.copyOf(names), ordered, new LinkedHashSet<>()));
        }
        return new ArrayList<>(ordered);
    }

    private static void visit(AppModel model, Resource resource, Set<String> wanted, Set<Resource> ordered, Set<String> path) {
        if (ordered.contains(resource) || !path.add(resource.name())) {
            return;   // done already, or a reference cycle: the import's own checks report what does not fit
        }
        for (var field : resource.fields()) {
            String target = null;
            if (field.type() instanceof FieldType.ForeignKey fk) {
                target = fk.references();
            } else if (field.type() instanceof FieldType.ManyToMany many) {
                target = many.references();
            }
            if (target != null && wanted.contains(target)) {
                model.resource(target).ifPresent(referenced -> visit(model, referenced, wanted, ordered, path));
            }
        }
        ordered.add(resource);
    }
}
