package io.dbbasic.crud.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.common.yaml.Diagnostic;
import io.dbbasic.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live model over a real folder and a real watcher: edits, breakage, recovery, deletion. */
class LiveReloadTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);
    private static final String NOTES = "resource: notes\nfields:\n  body: {type: text}\n";

    @TempDir Path app;
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final List<String> refuse = new CopyOnWriteArrayList<>();
    private LiveModel live;
    private AppWatcher watcher;

    @BeforeEach
    void start() {
        live = new LiveModel(app, new AppLoader(), resource -> {
            if (refuse.contains(resource.name())) {
                throw new LiveModel.Refused("3 rows exceed max_length 5");
            }
            applied.add(resource.name() + ":" + resource.fields().size());
        });
        live.reload();
        watcher = new AppWatcher(app, Duration.ofMillis(50), live::reload).start();
    }

    @AfterEach
    void stop() {
        watcher.close();
    }

    private List<String> served() {
        return live.current().model().resources().stream().map(r -> r.name() + ":" + r.fields().size()).toList();
    }

    private List<String> errors() {
        return live.current().errors().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void a_new_file_is_served_and_an_edit_replaces_it() throws Exception {
        Files.writeString(app.resolve("notes.yaml"), NOTES);
        Await.until("notes is served", WITHIN, () -> served().equals(List.of("notes:2")));

        Files.writeString(app.resolve("notes.yaml"), NOTES + "  title: {type: string}\n");
        Await.until("the added field is served", WITHIN, () -> served().equals(List.of("notes:3")));
        assertThat(applied).containsExactly("notes:2", "notes:3");
    }

    @Test
    void a_broken_file_keeps_the_last_good_version_and_a_fix_recovers() throws Exception {
        var file = app.resolve("notes.yaml");
        Files.writeString(file, NOTES);
        Await.until("notes is served", WITHIN, () -> served().equals(List.of("notes:2")));

        Files.writeString(file, NOTES + "fields: [broken\n");
        Await.until("the error is reported", WITHIN, () -> !errors().isEmpty());
        assertThat(errors()).singleElement().asString().startsWith(file + ":5:1: error: YAML syntax");
        assertThat(served()).containsExactly("notes:2");

        Files.writeString(file, NOTES + "  title: {type: string}\n");
        Await.until("the fix is served", WITHIN, () -> served().equals(List.of("notes:3")) && errors().isEmpty());
    }

    @Test
    void a_refused_schema_change_keeps_the_old_version_and_reports_why() throws Exception {
        Files.writeString(app.resolve("notes.yaml"), NOTES);
        Await.until("notes is served", WITHIN, () -> served().equals(List.of("notes:2")));

        refuse.add("notes");
        Files.writeString(app.resolve("notes.yaml"), NOTES + "  title: {type: string}\n");
        Await.until("the refusal is reported", WITHIN, () -> !errors().isEmpty());
        assertThat(errors()).singleElement().asString().endsWith("error: 3 rows exceed max_length 5");
        assertThat(served()).containsExactly("notes:2");
    }

    @Test
    void an_editor_style_save_through_a_renamed_temp_file_is_picked_up() throws Exception {
        Files.writeString(app.resolve("notes.yaml"), NOTES);
        Await.until("notes is served", WITHIN, () -> served().equals(List.of("notes:2")));

        var temp = app.resolve(".notes.yaml.swp");
        Files.writeString(temp, NOTES + "  title: {type: string}\n");
        Files.move(temp, app.resolve("notes.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        Await.until("the renamed-in file is served", WITHIN, () -> served().equals(List.of("notes:3")));
    }

    @Test
    void files_in_new_subfolders_are_watched_and_a_deleted_file_stops_serving() throws Exception {
        var changes = new ArrayList<LiveModel.Change>();
        live.onChange(changes::add);
        Files.createDirectories(app.resolve("more/deeper"));
        Files.writeString(app.resolve("more/deeper/notes.yaml"), NOTES);
        Await.until("the nested file is served", WITHIN, () -> served().equals(List.of("notes:2")));

        Files.delete(app.resolve("more/deeper/notes.yaml"));
        Await.until("notes stops serving", WITHIN, () -> served().isEmpty());
        assertThat(changes.get(changes.size() - 1).removedResources()).containsExactly("notes");
        assertThat(live.current().model().resources()).extracting(Resource::name).isEmpty();
    }

    @Test
    void folders_that_vanish_before_they_are_watched_leave_the_watcher_running() throws Exception {
        watcher.watchTree(app.resolve("never-there"));
        // the gallery's deploy: a hidden folder filled, then renamed into place or removed, many times over
        for (int i = 0; i < 200; i++) {
            var staging = Files.createDirectories(app.resolve(".deploy-" + i + "/nested"));
            if (i % 2 == 0) {
                Files.delete(staging);
                Files.delete(staging.getParent());
            } else {
                Files.move(staging.getParent(), app.resolve("deployed-" + i), StandardCopyOption.ATOMIC_MOVE);
            }
        }

        Files.writeString(app.resolve("notes.yaml"), NOTES);
        Await.until("an edit after the churn is served", WITHIN, () -> served().equals(List.of("notes:2")));
        Files.writeString(app.resolve("deployed-199/nested/more.yaml"), "resource: more\nfields:\n  body: {type: text}\n");
        Await.until("a file in a renamed-in folder is served", WITHIN, () -> served().size() == 2);
    }
}
