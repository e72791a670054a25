import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.records.WriteHooks;
import io.dbbasic.crud.schema.MigrationRefused;
import io.dbbasic.crud.storage.Databases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** What the in-process probes share: one resource file of bench/crudbench/app served from a work folder, and the engine's Records over it. */
final class ProbeApp {
    private ProbeApp() {}

    /** Copies {@code file} from {@code appSource} into {@code work/app} and loads it, its tables made in {@code databases}. */
    static LiveModel serve(Path appSource, Path work, String file, Databases databases) throws IOException {
        var app = Files.createDirectories(work.resolve("app"));
        Files.copy(appSource.resolve(file), app.resolve(file));
        var live = new LiveModel(app, new AppLoader(), resource -> {
            try {
                databases.schema(resource.database()).apply(resource);
            } catch (MigrationRefused e) {
                throw new LiveModel.Refused(String.join("; ", e.messages()));
            }
        });
        live.reload();
        return live;
    }

    /** The engine's records, without hooks; the bench's resources reference no accounts. */
    static Records records(Databases databases, LiveModel live, ObjectMapper json) {
        return new Records(databases, () -> live.current().model(), json, Clock.systemUTC(), WriteHooks.NONE, () -> null);
    }
}
