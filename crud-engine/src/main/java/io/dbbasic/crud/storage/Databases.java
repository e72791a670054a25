package io.dbbasic.crud.storage;

import io.dbbasic.common.storage.Checkpoints;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.crud.schema.SchemaManager;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DuckDB files of the app (a resource's {@code database:}, under the data dir), each opened once
 * on first use and owned here until {@link #close()}. Resources naming the same file share it, so
 * a write and everything that commits with it live in one file.
 */
public final class Databases implements AutoCloseable {
    private final Path dataDir;
    private final Clock clock;
    private final Map<String, Opened> open = new ConcurrentHashMap<>();

    private record Opened(DuckDbFile file, SchemaManager schema) {}

    public Databases(Path dataDir, Clock clock) {
        this.dataDir = dataDir;
        this.clock = clock;
    }

    public DuckDbFile file(String database) {
        return opened(database).file();
    }

    public SchemaManager schema(String database) {
        return opened(database).schema();
    }

    private Opened opened(String database) {
        return open.computeIfAbsent(database, name -> {
            var file = DuckDbFile.open(dataDir.resolve(name), Checkpoints.SHORT);
            return new Opened(file, new SchemaManager(file, clock));
        });
    }

    @Override
    public void close() {
        open.values().forEach(opened -> opened.file().close());
        open.clear();
    }
}
